import { and, eq, isNull, sql } from "drizzle-orm";
import { instances } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { publicInstanceColumns } from "./queries";
import { setInstanceEnabledInput } from "./schemas";

export async function setInstanceEnabled({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:write");
  const data = setInstanceEnabledInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [updated] = await tx
      .update(instances)
      .set({ enabled: data.enabled, updatedAt: sql`now()` })
      .where(and(eq(instances.id, data.instanceId), isNull(instances.deletedAt)))
      .returning(publicInstanceColumns);
    if (!updated) throw new AppError("not_found:instance", "No instance with that id");
    await writeAudit(tx, ctx.actor, {
      action: data.enabled ? "instance.enable" : "instance.disable",
      targetType: "instance",
      targetId: updated.id,
      details: { name: updated.name },
    });
    await notifyChange(tx, "instance", updated.id);
    return updated;
  });
}
