import { and, desc, eq, exists, inArray, ne, not, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { authUsers, bindings, bulkOperations, instanceRecords, liveSessions, syncSessions } from "@/db/schema";
import { requirePermission, type Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { listLiveSessions } from "@/lib/live-sessions/queries";
import { sessionFilters } from "@/lib/sync-sessions/queries";
import {
  BULK_ACTION_PERMISSION,
  listBulkOperationsQuery,
  MAX_BULK_TARGETS,
  previewBulkOperationInput,
  type BulkActionName,
  type BulkSelectionInput,
} from "./schemas";
import { isUuid } from "@/lib/ids";

/** Sessions the action would change: running ones to cancel; ended ones with failures not yet retried. */
function sessionEligible(action: BulkActionName): SQL {
  if (action === "cancel_sessions") return eq(syncSessions.status, "running");
  return and(
    ne(syncSessions.status, "running"),
    exists(
      sql`(select 1 from ${instanceRecords} where ${instanceRecords.syncSessionId} = ${syncSessions.id} and ${instanceRecords.status} = 'failed')`,
    ),
    not(exists(sql`(select 1 from ${syncSessions} as retries where retries.retry_of = ${syncSessions.id})`)),
  )!;
}

type LiveRow = { autoSyncEnabled: boolean; state: string; bindingStatus: string };
const liveEligible = (action: BulkActionName, s: LiveRow) =>
  action === "stop_auto_sync" ? s.autoSyncEnabled : !s.autoSyncEnabled && s.state !== "inactive" && s.bindingStatus === "active";

/**
 * Of these ids, those that exist and those not yet in the action's target state; the rest are
 * skipped without touching them. (A live session that cannot start is attempted, so its reason is recorded.)
 */
export async function eligibleAmong(
  db: Executor,
  action: BulkActionName,
  ids: string[],
): Promise<{ existing: Set<string>; eligible: Set<string> }> {
  if (action === "stop_auto_sync" || action === "start_auto_sync") {
    const rows = await db
      .select({
        id: liveSessions.id,
        autoSyncEnabled: liveSessions.autoSyncEnabled,
        state: liveSessions.state,
        bindingStatus: bindings.status,
      })
      .from(liveSessions)
      .innerJoin(bindings, eq(bindings.id, liveSessions.bindingId))
      .where(inArray(liveSessions.id, ids));
    return {
      existing: new Set(rows.map((r) => r.id)),
      eligible: new Set(rows.filter((r) => r.autoSyncEnabled === (action === "stop_auto_sync")).map((r) => r.id)),
    };
  }
  const rows = await db
    .select({ id: syncSessions.id, eligible: sql<boolean>`${sessionEligible(action)}` })
    .from(syncSessions)
    .where(inArray(syncSessions.id, ids));
  return { existing: new Set(rows.map((r) => r.id)), eligible: new Set(rows.filter((r) => r.eligible).map((r) => r.id)) };
}

/**
 * What a selection resolves to. A filter targets only the matching items the action would change
 * (`matching` counts them all); explicit ids are all targets, those already done are skipped later.
 */
export async function resolveBulkTargets(
  db: Executor,
  input: BulkSelectionInput,
): Promise<{ matching: number; eligible: number; targetIds: string[] }> {
  const live = input.action === "stop_auto_sync" || input.action === "start_auto_sync";
  if (input.ids) {
    const ids = [...new Set(input.ids)];
    const eligible = live
      ? (
          await db
            .select({ autoSyncEnabled: liveSessions.autoSyncEnabled, state: liveSessions.state, bindingStatus: bindings.status })
            .from(liveSessions)
            .innerJoin(bindings, eq(bindings.id, liveSessions.bindingId))
            .where(inArray(liveSessions.id, ids))
        ).filter((s) => liveEligible(input.action, s)).length
      : await db.$count(syncSessions, and(inArray(syncSessions.id, ids), sessionEligible(input.action)));
    return { matching: ids.length, eligible, targetIds: ids };
  }
  if (live) {
    const rows = await listLiveSessions(db, input.filter ?? {});
    const targets = rows.filter((s) => liveEligible(input.action, s)).map((s) => s.id);
    return { matching: rows.length, eligible: targets.length, targetIds: targets };
  }
  const where = sessionFilters(input.filter as Parameters<typeof sessionFilters>[0]);
  const [matching, rows] = await Promise.all([
    db.$count(syncSessions, and(...where)),
    db
      .select({ id: syncSessions.id })
      .from(syncSessions)
      .where(and(...where, sessionEligible(input.action)))
      .orderBy(desc(syncSessions.startedAt), desc(syncSessions.id))
      .limit(MAX_BULK_TARGETS + 1),
  ]);
  return { matching, eligible: rows.length, targetIds: rows.map((r) => r.id) };
}

/** What a confirmation shows before the operation exists: how many match, and how many the action will change. */
export async function previewBulkOperation(db: Executor, actor: Actor, input: unknown) {
  requirePermission(actor, "bulk_operation:create");
  const data = previewBulkOperationInput.parse(input);
  requirePermission(actor, BULK_ACTION_PERMISSION[data.action]);
  const { matching, eligible, targetIds } = await resolveBulkTargets(db, data);
  return { matching, eligible, targets: targetIds.length, tooMany: targetIds.length > MAX_BULK_TARGETS, max: MAX_BULK_TARGETS };
}

/** Everything but the target ids, which can be many. */
export const bulkOperationColumns = {
  id: bulkOperations.id,
  action: bulkOperations.action,
  selection: bulkOperations.selection,
  status: bulkOperations.status,
  total: bulkOperations.total,
  processed: bulkOperations.processed,
  succeeded: bulkOperations.succeeded,
  skipped: bulkOperations.skipped,
  failed: bulkOperations.failed,
  errors: bulkOperations.errors,
  idempotencyKey: bulkOperations.idempotencyKey,
  createdBy: bulkOperations.createdBy,
  createdByName: authUsers.name,
  createdByToken: bulkOperations.createdByToken,
  createdAt: bulkOperations.createdAt,
  finishedAt: bulkOperations.finishedAt,
};

export async function getBulkOperation(db: Executor, id: string) {
  if (!isUuid(id)) throw new AppError("not_found:bulk_operation", "No bulk operation with that id");
  const [row] = await db
    .select(bulkOperationColumns)
    .from(bulkOperations)
    .leftJoin(authUsers, eq(authUsers.id, bulkOperations.createdBy))
    .where(eq(bulkOperations.id, id));
  if (!row) throw new AppError("not_found:bulk_operation", "No bulk operation with that id");
  return row;
}

/** The most recent bulk operations, newest first. */
export async function listBulkOperations(db: Executor, query: unknown) {
  const q = listBulkOperationsQuery.parse(query);
  const items = await db
    .select(bulkOperationColumns)
    .from(bulkOperations)
    .leftJoin(authUsers, eq(authUsers.id, bulkOperations.createdBy))
    .orderBy(desc(bulkOperations.createdAt))
    .limit(q.limit);
  return { items };
}

export type BulkOperationView = Awaited<ReturnType<typeof getBulkOperation>>;
