import { and, eq, isNull, sql } from "drizzle-orm";
import { bindings, instanceRecords, instances, stores, syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { instanceIdInput } from "./schemas";

/**
 * Deletes an instance: it leaves every list and can no longer be synced, while its runs and
 * instance records stay and keep showing its name (the row stays, marked deleted, secret wiped).
 * Refused while a running sync session or an active binding uses it.
 */
export async function deleteInstance({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:write");
  const data = instanceIdInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [current] = await tx
      .select({ id: instances.id, name: instances.name, kind: instances.kind })
      .from(instances)
      .where(and(eq(instances.id, data.instanceId), isNull(instances.deletedAt)))
      .for("update");
    if (!current) throw new AppError("not_found:instance", "No instance with that id");
    const [running] = await tx
      .select({ id: syncSessions.id })
      .from(instanceRecords)
      .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
      .where(and(eq(instanceRecords.instanceId, current.id), eq(syncSessions.status, "running")))
      .limit(1);
    if (running) {
      throw new AppError(
        "conflict:instance",
        `"${current.name}" is part of running sync session ${running.id}: cancel it or wait for it to finish`,
        { syncSessionId: running.id },
      );
    }
    const [bound] = await tx
      .select({ id: bindings.id })
      .from(bindings)
      .innerJoin(stores, eq(stores.id, bindings.storeId))
      .where(and(eq(stores.instanceId, current.id), eq(bindings.status, "active")))
      .limit(1);
    if (bound) {
      throw new AppError("conflict:instance", `"${current.name}" has an active binding: unbind its game accounts first`, {
        bindingId: bound.id,
      });
    }
    // The connection secret is of no use any more; an empty envelope keeps the column's not-null.
    await tx
      .update(instances)
      .set({ deletedAt: sql`now()`, enabled: false, secretCiphertext: "", updatedAt: sql`now()` })
      .where(eq(instances.id, current.id));
    const [{ records }] = (await tx
      .select({ records: sql<number>`count(*)::int` })
      .from(instanceRecords)
      .where(eq(instanceRecords.instanceId, current.id))) as [{ records: number }];
    await writeAudit(tx, ctx.actor, {
      action: "instance.delete",
      targetType: "instance",
      targetId: current.id,
      details: { name: current.name, kind: current.kind, recordsKept: records },
    });
    await notifyChange(tx, "instance", current.id);
    return { id: current.id, name: current.name, deleted: true as const, recordsKept: records };
  });
}
