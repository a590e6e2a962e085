import { and, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "@/db/client";
import { authUsers, instanceRecords, instances, syncSessions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { sessionMatches } from "@/lib/search/match";
import { listSessionsQuery, SESSION_COUNT_CAP } from "./schemas";
import { isUuid } from "@/lib/ids";
import { recordDetails, recordDurationMs } from "./record-details";

const sessionColumns = {
  id: syncSessions.id,
  syncType: syncSessions.syncType,
  syncCategory: syncSessions.syncCategory,
  status: syncSessions.status,
  startedAt: syncSessions.startedAt,
  completedAt: syncSessions.completedAt,
  totalInstances: syncSessions.totalInstances,
  successfulInstances: syncSessions.successfulInstances,
  failedInstances: syncSessions.failedInstances,
  createdBy: syncSessions.createdBy,
  createdByName: authUsers.name,
  createdByToken: syncSessions.createdByToken,
  cancelledAt: syncSessions.cancelledAt,
  cancelledBy: syncSessions.cancelledBy,
  cancelledByName: sql<string | null>`(select u.name from auth_users u where u.id = ${syncSessions.cancelledBy})`,
  cancelledByLabel: syncSessions.cancelledByLabel,
  failureClass: syncSessions.failureClass,
  retryOf: syncSessions.retryOf,
  version: syncSessions.version,
  label: syncSessions.label,
  note: syncSessions.note,
};

/** A bare date means the whole day: `to=2026-11-24` includes that day. */
function endOf(value: string) {
  const d = new Date(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(d.getTime() + 86_400_000) : d;
}

function encodeCursor(startedAt: Date, id: string) {
  return Buffer.from(`${startedAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const startedAt = new Date(iso ?? "");
  if (!id || Number.isNaN(startedAt.getTime()) || !isUuid(id))
    throw new AppError("bad_request:cursor", "The cursor is not one this API returned");
  return { startedAt, id };
}

/** The list filter as WHERE terms (no cursor); a bulk action over "all matching" resolves its targets with the same terms. */
export function sessionFilters(q: Omit<z.output<typeof listSessionsQuery>, "limit" | "cursor">): (SQL | undefined)[] {
  return [
    q.status === "partial"
      ? and(eq(syncSessions.status, "completed"), sql`${syncSessions.failedInstances} > 0`)
      : q.status === "completed"
        ? and(eq(syncSessions.status, "completed"), eq(syncSessions.failedInstances, 0))
        : q.status
          ? eq(syncSessions.status, q.status)
          : undefined,
    q.type ? eq(syncSessions.syncType, q.type) : undefined,
    q.category ? eq(syncSessions.syncCategory, q.category) : undefined,
    q.createdBy === "scheduler"
      ? and(isNull(syncSessions.createdBy), isNull(syncSessions.createdByToken))
      : q.createdBy
        ? eq(syncSessions.createdBy, q.createdBy)
        : undefined,
    q.from ? gte(syncSessions.startedAt, new Date(q.from)) : undefined,
    q.to ? lt(syncSessions.startedAt, endOf(q.to)) : undefined,
    q.q ? sessionMatches(q.q) : undefined,
    q.failureClass ? eq(syncSessions.failureClass, q.failureClass) : undefined,
  ];
}

/** Newest first, keyset-paginated on (started_at, id) so deep pages stay fast. */
/** `count`: the first page also says how many sessions match (the list page and the API; search and the overview skip it). */
export async function listSyncSessions(db: Executor, query: unknown, { count = false }: { count?: boolean } = {}) {
  const q = listSessionsQuery.parse(query);
  const filters = sessionFilters(q);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    // A row comparison, so the (started_at, id) index, walked backwards, seeks straight to the page.
    filters.push(sql`(${syncSessions.startedAt}, ${syncSessions.id}) < (${c.startedAt.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select(sessionColumns)
    .from(syncSessions)
    .leftJoin(authUsers, eq(authUsers.id, syncSessions.createdBy))
    .where(and(...filters))
    // Plain DESC (nulls first): the order of the ascending (started_at, id) index walked backwards.
    .orderBy(desc(syncSessions.startedAt), desc(syncSessions.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor(last.startedAt, last.id) : null;
  // The first page says how many match; counting stops at the cap so a wide filter over millions stays cheap.
  const total = q.cursor || !count ? null : nextCursor === null ? page.length : await countSessions(db, sessionFilters(q));
  return {
    items: page,
    nextCursor,
    total: total === null ? null : Math.min(total, SESSION_COUNT_CAP),
    totalCapped: (total ?? 0) > SESSION_COUNT_CAP,
  };
}

async function countSessions(db: Executor, filters: (SQL | undefined)[]) {
  const capped = db
    .select({ one: sql`1` })
    .from(syncSessions)
    .where(and(...filters))
    .limit(SESSION_COUNT_CAP + 1)
    .as("capped");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
  return row?.n ?? 0;
}

export async function getSyncSession(db: Executor, id: string) {
  if (!isUuid(id)) throw new AppError("not_found:sync_session", "No sync session with that id");
  const [session] = await db
    .select(sessionColumns)
    .from(syncSessions)
    .leftJoin(authUsers, eq(authUsers.id, syncSessions.createdBy))
    .where(eq(syncSessions.id, id));
  if (!session) throw new AppError("not_found:sync_session", "No sync session with that id");
  const records = await db
    .select({
      id: instanceRecords.id,
      instanceId: instanceRecords.instanceId,
      instanceName: sql<string>`coalesce(${instanceRecords.instanceName}, ${instances.name})`,
      endpoint: instances.endpoint,
      status: instanceRecords.status,
      startedAt: instanceRecords.startedAt,
      completedAt: instanceRecords.completedAt,
      itemsSynced: instanceRecords.itemsSynced,
      itemsCreated: instanceRecords.itemsCreated,
      itemsUpdated: instanceRecords.itemsUpdated,
      itemsDeleted: instanceRecords.itemsDeleted,
      errorMessage: instanceRecords.errorMessage,
      failureClass: instanceRecords.failureClass,
      errorDetail: instanceRecords.errorDetail,
      details: recordDetails,
      attempt: instanceRecords.attempt,
      durationMs: recordDurationMs,
    })
    .from(instanceRecords)
    .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
    .where(eq(instanceRecords.syncSessionId, id))
    .orderBy(instances.name);
  return { ...session, records };
}

export type SyncSessionListItem = Awaited<ReturnType<typeof listSyncSessions>>["items"][number];
export type SyncSessionDetail = Awaited<ReturnType<typeof getSyncSession>>;
