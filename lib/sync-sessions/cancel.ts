import { and, eq, inArray, sql } from "drizzle-orm";
import { instanceRecords, syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { BATCH_CANCELLED } from "./events";
import { sessionIdInput } from "./schemas";

/**
 * Cancels a running session at once. Records that have not finished end `cancelled`; a step
 * already talking to its upstream finds that at its checkpoint and writes nothing more.
 */
export async function cancelSyncSession({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:cancel");
  const { sessionId } = sessionIdInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const [session] = await tx.select().from(syncSessions).where(eq(syncSessions.id, sessionId)).for("update");
    if (!session) throw new AppError("not_found:sync_session", "No sync session with that id");
    if (session.status !== "running") {
      throw new AppError("conflict:sync_session", `This session already ended as ${session.status}; only a running session can be cancelled`);
    }
    const stopped = await tx
      .update(instanceRecords)
      .set({ status: "cancelled", completedAt: sql`now()` })
      .where(and(eq(instanceRecords.syncSessionId, sessionId), inArray(instanceRecords.status, ["pending", "running"])))
      .returning({ id: instanceRecords.id });
    const [updated] = await tx
      .update(syncSessions)
      .set({
        status: "cancelled",
        cancelledAt: sql`now()`,
        cancelledBy: actorUserId(ctx.actor),
        completedAt: sql`now()`,
        version: sql`${syncSessions.version} + 1`,
      })
      .where(eq(syncSessions.id, sessionId))
      .returning();
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.cancel",
      targetType: "sync_session",
      targetId: sessionId,
      details: { recordsCancelled: stopped.length },
    });
    await notifyChange(tx, "sync_session", sessionId);
    await emit({ name: BATCH_CANCELLED, data: { sessionId } });
    return updated!;
  });
}
