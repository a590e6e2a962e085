import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { instanceRecords, syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission, type Actor } from "@/lib/auth/permissions";
import { inTransaction, type Ctx, type Emit } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { createBatchSession } from "./create-session";
import { BATCH_REQUESTED } from "./events";
import { sessionIdInput } from "./schemas";

/** A new session, linked to the finished one, over only the instances that failed in it. */
export async function retryFailedInstances({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:retry");
  const { sessionId } = sessionIdInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const result = await retrySessionFailures(tx, emit, ctx.actor, sessionId);
    if (!result.retry) {
      throw new AppError(
        "conflict:sync_session",
        result.reason === "running"
          ? "This session is still running; retry its failures once it has finished"
          : "This session has no failed instances to retry",
      );
    }
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.retry_failed",
      targetType: "sync_session",
      targetId: result.retry.id,
      details: { retryOf: sessionId, instances: result.instances },
    });
    return result.retry;
  });
}

/** The retry itself, without permission or audit; bulk retry calls it too. No retry when the session runs or nothing failed. */
export async function retrySessionFailures(tx: Transaction, emit: Emit, actor: Actor, sessionId: string) {
  const [session] = await tx.select().from(syncSessions).where(eq(syncSessions.id, sessionId));
  if (!session) throw new AppError("not_found:sync_session", "No sync session with that id");
  if (session.status === "running") return { retry: null, reason: "running" as const };
  const failed = await tx
    .select({ instanceId: instanceRecords.instanceId })
    .from(instanceRecords)
    .where(and(eq(instanceRecords.syncSessionId, sessionId), eq(instanceRecords.status, "failed")));
  if (failed.length === 0) return { retry: null, reason: "nothing_failed" as const };
  const retry = await createBatchSession(tx, {
    category: session.syncCategory,
    syncType: "manual_batch",
    instanceIds: failed.map((f) => f.instanceId),
    createdBy: actorUserId(actor),
    createdByToken: actor.type === "api_token" ? actor.id : null,
    retryOf: sessionId,
  });
  await emit({ name: BATCH_REQUESTED, data: { sessionId: retry.id }, id: retry.id });
  return { retry, instances: failed.length };
}
