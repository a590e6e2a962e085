import { and, eq } from "drizzle-orm";
import { instanceRecords, syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { createBatchSession } from "./create-session";
import { BATCH_REQUESTED } from "./events";
import { sessionIdInput } from "./schemas";

/** A new session, linked to the finished one, over only the instances that failed in it. */
export async function retryFailedInstances({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:retry");
  const { sessionId } = sessionIdInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const [session] = await tx.select().from(syncSessions).where(eq(syncSessions.id, sessionId));
    if (!session) throw new AppError("not_found:sync_session", "No sync session with that id");
    if (session.status === "running") throw new AppError("conflict:sync_session", "This session is still running; retry its failures once it has finished");
    const failed = await tx
      .select({ instanceId: instanceRecords.instanceId })
      .from(instanceRecords)
      .where(and(eq(instanceRecords.syncSessionId, sessionId), eq(instanceRecords.status, "failed")));
    if (failed.length === 0) throw new AppError("conflict:sync_session", "This session has no failed instances to retry");
    const retry = await createBatchSession(tx, {
      category: session.syncCategory,
      syncType: "manual_batch",
      instanceIds: failed.map((f) => f.instanceId),
      createdBy: actorUserId(ctx.actor),
      createdByToken: ctx.actor.type === "api_token" ? ctx.actor.id : null,
      retryOf: sessionId,
    });
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.retry_failed",
      targetType: "sync_session",
      targetId: retry.id,
      details: { retryOf: sessionId, instances: failed.length },
    });
    await emit({ name: BATCH_REQUESTED, data: { sessionId: retry.id }, id: retry.id });
    return retry;
  });
}
