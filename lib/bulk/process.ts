import { eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { apiTokens, authUsers, bulkOperations, syncSessions, type BulkOperation } from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/permissions";
import type { Emit } from "@/lib/context";
import type { EngineEvent } from "@/lib/engine/workflow";
import { AppError } from "@/lib/errors";
import { applyAutoSync } from "@/lib/live-sessions/set-auto-sync";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import { cancelRunningSession } from "@/lib/sync-sessions/cancel";
import { retrySessionFailures } from "@/lib/sync-sessions/retry-failed";
import { eligibleAmong } from "./queries";
import type { BulkActionName } from "./schemas";

/** Items per workflow step: a crash resumes at the first chunk that did not commit. */
export const BULK_CHUNK = 100;
/** Errors kept on the operation; the counters stay exact beyond this. */
const MAX_ERRORS = 100;

type Outcome = "succeeded" | "skipped";
type ItemAction = (tx: Transaction, emit: Emit, actor: Actor, id: string) => Promise<Outcome>;

/** Each action applies the single-item verb's core; items already in the target state are skipped. */
const ITEM_ACTIONS: Record<BulkActionName, ItemAction> = {
  cancel_sessions: async (tx, emit, actor, id) => ((await cancelRunningSession(tx, emit, actor, id)).cancelled ? "succeeded" : "skipped"),
  retry_failed_sessions: async (tx, emit, actor, id) => {
    // Retried once already (by hand or by an earlier bulk retry): a repeat must not start another run.
    const [retried] = await tx.select({ id: syncSessions.id }).from(syncSessions).where(eq(syncSessions.retryOf, id)).limit(1);
    if (retried) return "skipped";
    return (await retrySessionFailures(tx, emit, actor, id)).retry ? "succeeded" : "skipped";
  },
  stop_auto_sync: async (tx, emit, _actor, id) => ((await applyAutoSync(tx, emit, id, false)).changed ? "succeeded" : "skipped"),
  start_auto_sync: async (tx, emit, _actor, id) => ((await applyAutoSync(tx, emit, id, true)).changed ? "succeeded" : "skipped"),
};

const notFound = (action: BulkActionName) =>
  action === "stop_auto_sync" || action === "start_auto_sync" ? "No live session with that id" : "No sync session with that id";

/** The user or token that created the operation, as the actor its changes are attributed to. */
async function operationActor(tx: Transaction, op: Pick<BulkOperation, "createdBy" | "createdByToken">): Promise<Actor> {
  if (op.createdBy) {
    const [u] = await tx
      .select({ id: authUsers.id, email: authUsers.email, role: authUsers.role })
      .from(authUsers)
      .where(eq(authUsers.id, op.createdBy));
    if (u) return { type: "user", id: u.id, label: u.email, role: u.role };
  }
  if (op.createdByToken) {
    const [t] = await tx
      .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
      .from(apiTokens)
      .where(eq(apiTokens.id, op.createdByToken));
    if (t) return { type: "api_token", id: t.id, label: `token:${t.name}`, role: t.role };
  }
  return SYSTEM_ACTOR;
}

/**
 * Applies the action to chunk `index` of the targets in one transaction (a savepoint per item, so
 * one failing item is counted, not fatal) together with the counters. Replaying a chunk that
 * already committed changes nothing. Returns the engine events the items emitted.
 */
export async function processBulkChunk(db: Database, operationId: string, index: number): Promise<{ events: EngineEvent[] }> {
  return db.transaction(async (tx) => {
    const from = index * BULK_CHUNK;
    const [op] = await tx
      .select({
        action: bulkOperations.action,
        processed: bulkOperations.processed,
        errors: bulkOperations.errors,
        createdBy: bulkOperations.createdBy,
        createdByToken: bulkOperations.createdByToken,
        ids: sql<string[]>`${bulkOperations.targetIds}[${from + 1}:${from + BULK_CHUNK}]`,
      })
      .from(bulkOperations)
      .where(eq(bulkOperations.id, operationId))
      .for("update");
    if (!op || op.processed > from || op.ids.length === 0) return { events: [] };
    const actor = await operationActor(tx, op);
    const { existing, eligible } = await eligibleAmong(tx, op.action, op.ids);
    const todo = op.ids.filter((id) => eligible.has(id));
    const errors = op.ids.filter((id) => !existing.has(id)).map((id) => ({ id, message: notFound(op.action) }));
    const counts = { succeeded: 0, skipped: op.ids.length - todo.length - errors.length };
    const events: EngineEvent[] = [];
    const apply = async (exec: Transaction, id: string) => {
      const emitted: EngineEvent[] = [];
      const outcome = await ITEM_ACTIONS[op.action](exec, async (...e) => void emitted.push(...e), actor, id);
      return { outcome, emitted };
    };
    // Usually every item goes through: all in one savepoint. If one fails, redo them one savepoint each.
    const together = todo.length
      ? await tx
          .transaction(async (sp) => {
            const results = [];
            for (const id of todo) results.push(await apply(sp, id));
            return results;
          })
          .catch(() => null)
      : [];
    for (const [i, id] of todo.entries()) {
      try {
        const { outcome, emitted } = together ? together[i]! : await tx.transaction((sp) => apply(sp, id));
        counts[outcome]++;
        events.push(...emitted);
      } catch (err) {
        if (!(err instanceof AppError)) logger.error({ err: (err as Error)?.message, operationId, id }, "bulk item failed");
        errors.push({ id, message: err instanceof AppError ? err.message : "Something went wrong on our side; it has been logged." });
      }
    }
    await tx
      .update(bulkOperations)
      .set({
        processed: sql`${bulkOperations.processed} + ${op.ids.length}`,
        succeeded: sql`${bulkOperations.succeeded} + ${counts.succeeded}`,
        skipped: sql`${bulkOperations.skipped} + ${counts.skipped}`,
        failed: sql`${bulkOperations.failed} + ${errors.length}`,
        errors: [...op.errors, ...errors].slice(0, MAX_ERRORS),
      })
      .where(eq(bulkOperations.id, operationId));
    await notifyChange(tx, "bulk_operation", operationId);
    return { events };
  });
}

export async function bulkOperationTotal(db: Database, operationId: string): Promise<number> {
  const [op] = await db.select({ total: bulkOperations.total }).from(bulkOperations).where(eq(bulkOperations.id, operationId));
  return op?.total ?? 0;
}

/** Marks the operation finished: `failed` only when every item failed. */
export async function finishBulkOperation(db: Database, operationId: string) {
  return db.transaction(async (tx) => {
    const [op] = await tx
      .update(bulkOperations)
      .set({
        status: sql`case when ${bulkOperations.total} > 0 and ${bulkOperations.failed} = ${bulkOperations.total} then 'failed' else 'completed' end::bulk_status`,
        finishedAt: sql`coalesce(${bulkOperations.finishedAt}, now())`,
      })
      .where(eq(bulkOperations.id, operationId))
      .returning({
        status: bulkOperations.status,
        processed: bulkOperations.processed,
        succeeded: bulkOperations.succeeded,
        skipped: bulkOperations.skipped,
        failed: bulkOperations.failed,
      });
    await notifyChange(tx, "bulk_operation", operationId);
    return op ?? null;
  });
}
