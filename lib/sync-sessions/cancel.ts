import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { instanceRecords, syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission, type Actor } from "@/lib/auth/permissions";
import { inTransaction, type Ctx, type Emit } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordFinishedSession } from "@/lib/analytics/rollup";
import { notifyChange } from "@/lib/live/notify";
import { searchTextExpression, sessionRowColumns } from "@/lib/search/search-text";
import { BATCH_CANCELLED } from "./events";
import { sessionIdInput } from "./schemas";
import { UNFINISHED_RECORD_STATUSES } from "@/lib/domain/values";

/**
 * Cancels a running session at once. Records that have not finished end `cancelled`; a step
 * already talking to its upstream finds that at its checkpoint and writes nothing more.
 */
export async function cancelSyncSession({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:cancel");
  const { sessionId } = sessionIdInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const result = await cancelRunningSession(tx, emit, ctx.actor, sessionId);
    if (!result.cancelled) {
      throw new AppError(
        "conflict:sync_session",
        `This session already ended as ${result.session.status}; only a running session can be cancelled`,
      );
    }
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.cancel",
      targetType: "sync_session",
      targetId: sessionId,
      details: { recordsCancelled: result.recordsCancelled },
    });
    return result.session;
  });
}

/** Who cancelled, in words, when it was not a user: "API token <name>" or "scheduler". */
export function cancelledByLabel(actor: Actor): string | null {
  if (actor.type === "user") return null;
  if (actor.type === "api_token") return `API token ${actor.label.replace(/^token:/, "")}`;
  return actor.label;
}

/** The cancel itself, without permission or audit; bulk cancel calls it too. `cancelled: false` when the session had already ended. */
export async function cancelRunningSession(tx: Transaction, emit: Emit, actor: Actor, sessionId: string) {
  // Open records before the session: the order a finishing record locks them in, so the two never deadlock.
  await tx
    .select({ id: instanceRecords.id })
    .from(instanceRecords)
    .where(and(eq(instanceRecords.syncSessionId, sessionId), inArray(instanceRecords.status, UNFINISHED_RECORD_STATUSES)))
    .orderBy(instanceRecords.id)
    .for("update");
  const [session] = await tx.select().from(syncSessions).where(eq(syncSessions.id, sessionId)).for("update");
  if (!session) throw new AppError("not_found:sync_session", "No sync session with that id");
  if (session.status !== "running") return { cancelled: false as const, session };
  const stopped = await tx
    .update(instanceRecords)
    .set({ status: "cancelled", completedAt: sql`now()` })
    .where(and(eq(instanceRecords.syncSessionId, sessionId), inArray(instanceRecords.status, UNFINISHED_RECORD_STATUSES)))
    .returning({ id: instanceRecords.id });
  const [updated] = await tx
    .update(syncSessions)
    .set({
      status: "cancelled",
      cancelledAt: sql`now()`,
      cancelledBy: actorUserId(actor),
      cancelledByLabel: cancelledByLabel(actor),
      completedAt: sql`now()`,
      version: sql`${syncSessions.version} + 1`,
      // Errors of records that failed before the cancel become searchable, as when a run finishes.
      searchText: searchTextExpression(),
    })
    .where(and(eq(syncSessions.id, sessionId), eq(syncSessions.status, "running")))
    .returning(sessionRowColumns);
  // Counted once: only the transaction that moved it out of `running` gets here.
  if (updated) await recordFinishedSession(tx, sessionId);
  await notifyChange(tx, "sync_session", sessionId);
  await emit({ name: BATCH_CANCELLED, data: { sessionId } });
  return { cancelled: true as const, session: updated!, recordsCancelled: stopped.length };
}
