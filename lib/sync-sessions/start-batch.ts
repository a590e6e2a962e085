import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { createBatchSession } from "./create-session";
import { BATCH_REQUESTED } from "./events";
import { startBatchInput } from "./schemas";

/** Starts a manual batch: the session and one pending record per instance in one transaction, then the workflow. */
export async function startBatch({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:start");
  const data = startBatchInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const session = await createBatchSession(tx, {
      category: data.category,
      syncType: "manual_batch",
      instanceIds: data.instanceIds,
      createdBy: actorUserId(ctx.actor),
      createdByToken: ctx.actor.type === "api_token" ? ctx.actor.id : null,
    });
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.start",
      targetType: "sync_session",
      targetId: session.id,
      details: { category: data.category, instances: session.totalInstances },
    });
    await emit({ name: BATCH_REQUESTED, data: { sessionId: session.id }, id: session.id });
    return session;
  });
}
