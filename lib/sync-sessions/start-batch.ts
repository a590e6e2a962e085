import { and, eq, inArray } from "drizzle-orm";
import { instanceRecords, instances, syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { BATCH_REQUESTED } from "./events";
import { RUNNABLE_CATEGORIES, startBatchInput } from "./schemas";

/** Starts a manual batch: the session and one pending record per instance in one transaction, then the workflow. */
export async function startBatch({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:start");
  const data = startBatchInput.parse(input);
  if (!(RUNNABLE_CATEGORIES as readonly string[]).includes(data.category)) {
    throw new AppError("bad_request:sync_category", `Category "${data.category}" cannot be synced yet; available: ${RUNNABLE_CATEGORIES.join(", ")}`);
  }
  const requested = data.instanceIds ? [...new Set(data.instanceIds)] : undefined;
  return inTransaction(ctx, async (tx, emit) => {
    const candidates = await tx
      .select({ id: instances.id, name: instances.name, kind: instances.kind, enabled: instances.enabled })
      .from(instances)
      .where(requested ? inArray(instances.id, requested) : and(eq(instances.enabled, true), eq(instances.kind, "postgres")));
    if (requested) {
      const found = new Set(candidates.map((c) => c.id));
      const missing = requested.filter((id) => !found.has(id));
      if (missing.length) throw new AppError("not_found:instance", `No instance with id ${missing.slice(0, 3).join(", ")}`, { missing });
      const unusable = candidates.filter((c) => !c.enabled || c.kind !== "postgres");
      if (unusable.length) {
        throw new AppError(
          "bad_request:instance",
          `Cannot sync ${unusable.map((c) => `"${c.name}"`).join(", ")}: only enabled PostgreSQL instances take part in an account batch`,
        );
      }
    }
    if (candidates.length === 0) throw new AppError("bad_request:sync_session", "There is no enabled instance to sync");
    const [session] = await tx
      .insert(syncSessions)
      .values({
        syncType: "manual_batch",
        syncCategory: data.category,
        status: "running",
        totalInstances: candidates.length,
        createdBy: actorUserId(ctx.actor),
      })
      .returning();
    if (!session) throw new Error("insert returned nothing");
    await tx.insert(instanceRecords).values(candidates.map((c) => ({ syncSessionId: session.id, instanceId: c.id })));
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.start",
      targetType: "sync_session",
      targetId: session.id,
      details: { category: data.category, instances: candidates.length },
    });
    await notifyChange(tx, "sync_session", session.id);
    await emit({ name: BATCH_REQUESTED, data: { sessionId: session.id }, id: session.id });
    return session;
  });
}
