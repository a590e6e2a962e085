import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import {
  battleRecords,
  bindings,
  gameAccounts,
  instances,
  liveSessions,
  playerStats,
  storeMembers,
  stores,
  streamCursors,
  syncLogs,
  walletTransactions,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { FAILURE_CLASSES } from "@/lib/failures/classes";
import { bindingMatches } from "@/lib/search/match";
import { searchTerm } from "@/lib/search/term";
import { isUuid } from "@/lib/ids";
import { LIVE_STREAMS, STORE_DATA_KINDS } from "@/lib/domain/values";

export const listLiveSessionsQuery = z
  .object({
    q: searchTerm.optional(),
    /** Only sessions in `error` with this failure class. */
    failureClass: z.enum(FAILURE_CLASSES, { message: `Failure class must be one of ${FAILURE_CLASSES.join(", ")}` }).optional(),
  })
  .strict();

/** Every live session (or those `q` finds by store, account, game server or error) with its binding and a per-stream summary. */
export async function listLiveSessions(db: Executor, query: unknown = {}) {
  const q = listLiveSessionsQuery.parse(query);
  return db
    .select({
      id: liveSessions.id,
      state: liveSessions.state,
      autoSyncEnabled: liveSessions.autoSyncEnabled,
      syncStatus: liveSessions.syncStatus,
      lastSyncAt: liveSessions.lastSyncAt,
      errorMsg: liveSessions.errorMsg,
      failureClass: liveSessions.failureClass,
      errorDetail: liveSessions.errorDetail,
      errorSince: liveSessions.errorSince,
      retryCount: liveSessions.retryCount,
      nextRetryAt: liveSessions.nextRetryAt,
      intervals: liveSessions.intervals,
      version: liveSessions.version,
      bindingId: bindings.id,
      bindingStatus: bindings.status,
      gameAccount: gameAccounts.username,
      store: stores.name,
      storeId: stores.id,
      streams: sql<
        { stream: string; lastTickAt: string | null; lastError: string | null; recordsTotal: number; recordsPerMinute: number }[]
      >`(
        select coalesce(json_agg(json_build_object(
          'stream', c.stream, 'lastTickAt', c.last_tick_at, 'lastError', c.last_error, 'recordsTotal', c.records_total,
          'recordsPerMinute', coalesce((select sum(l.records_synced) from sync_logs l
             where l.live_session_id = c.live_session_id and l.stream = c.stream and l.started_at > now() - interval '5 minutes'), 0)::float / 5
        ) order by c.stream), '[]'::json) from stream_cursors c where c.live_session_id = ${liveSessions.id})`,
    })
    .from(liveSessions)
    .innerJoin(bindings, eq(bindings.id, liveSessions.bindingId))
    .innerJoin(gameAccounts, eq(gameAccounts.id, bindings.gameAccountId))
    .innerJoin(stores, eq(stores.id, bindings.storeId))
    .innerJoin(instances, eq(instances.id, stores.instanceId))
    .where(
      and(
        q.q ? bindingMatches(q.q) : undefined,
        q.failureClass ? and(eq(liveSessions.state, "error"), eq(liveSessions.failureClass, q.failureClass)) : undefined,
      ),
    )
    .orderBy(sql`${liveSessions.state} = 'inactive'`, desc(liveSessions.createdAt));
}

export const listSyncLogsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().positive().optional(),
    stream: z.enum(LIVE_STREAMS).optional(),
  })
  .strict();

export async function listSyncLogs(db: Executor, liveSessionId: string, query: unknown) {
  if (!isUuid(liveSessionId)) throw new AppError("not_found:live_session", "No live session with that id");
  const q = listSyncLogsQuery.parse(query);
  const [session] = await db.select({ id: liveSessions.id }).from(liveSessions).where(eq(liveSessions.id, liveSessionId));
  if (!session) throw new AppError("not_found:live_session", "No live session with that id");
  const items = await db
    .select()
    .from(syncLogs)
    .where(
      and(
        eq(syncLogs.liveSessionId, liveSessionId),
        q.stream ? eq(syncLogs.stream, q.stream) : undefined,
        // Rows after the `before` row in list order: a row comparison the (live_session_id, started_at, id)
        // index seeks to, walked backwards. Ordering by id alone walked the primary key through every
        // live session's logs (each page read ~100× its size per 100 live sessions).
        q.before
          ? sql`(${syncLogs.startedAt}, ${syncLogs.id}) < (select b.started_at, b.id from sync_logs b where b.id = ${q.before})`
          : undefined,
      ),
    )
    .orderBy(desc(syncLogs.startedAt), desc(syncLogs.id))
    .limit(q.limit);
  return { items, nextBefore: items.length === q.limit ? (items.at(-1)?.id ?? null) : null };
}

export const storeDataQuery = z
  .object({
    kind: z.enum(STORE_DATA_KINDS).default("battles"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** A store's synced data: latest battles or wallet transactions, its members, or player statistics. */
export async function storeData(db: Executor, storeId: string, query: unknown) {
  if (!isUuid(storeId)) throw new AppError("not_found:store", "No store with that id");
  const q = storeDataQuery.parse(query);
  const [store] = await db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw new AppError("not_found:store", "No store with that id");
  const counts = await db.execute<{ battles: number; wallet: number; members: number }>(sql`
    select (select count(*) from battle_records where store_id = ${storeId})::int as battles,
           (select count(*) from wallet_transactions where store_id = ${storeId})::int as wallet,
           (select count(*) from store_members where store_id = ${storeId} and left_at is null)::int as members`);
  const items =
    q.kind === "battles"
      ? await db.select().from(battleRecords).where(eq(battleRecords.storeId, storeId)).orderBy(desc(battleRecords.playedAt)).limit(q.limit)
      : q.kind === "wallet"
        ? await db
            .select()
            .from(walletTransactions)
            .where(eq(walletTransactions.storeId, storeId))
            .orderBy(desc(walletTransactions.occurredAt))
            .limit(q.limit)
        : q.kind === "members"
          ? await db
              .select()
              .from(storeMembers)
              .where(eq(storeMembers.storeId, storeId))
              .orderBy(sql`${storeMembers.leftAt} is not null`, storeMembers.nickname)
              .limit(q.limit)
          : await db
              .select()
              .from(playerStats)
              .where(eq(playerStats.storeId, storeId))
              .orderBy(desc(playerStats.scoreTotal))
              .limit(q.limit);
  return { store, counts: counts[0] ?? { battles: 0, wallet: 0, members: 0 }, kind: q.kind, items };
}

/** A live session with per-stream status and records per minute over the last five minutes. */
export async function getLiveSession(db: Executor, id: string) {
  if (!isUuid(id)) throw new AppError("not_found:live_session", "No live session with that id");
  const [row] = await db
    .select({
      session: liveSessions,
      bindingStatus: bindings.status,
      gameAccount: gameAccounts.username,
      store: stores.name,
      storeId: stores.id,
    })
    .from(liveSessions)
    .innerJoin(bindings, eq(bindings.id, liveSessions.bindingId))
    .innerJoin(gameAccounts, eq(gameAccounts.id, bindings.gameAccountId))
    .innerJoin(stores, eq(stores.id, bindings.storeId))
    .where(eq(liveSessions.id, id));
  if (!row) throw new AppError("not_found:live_session", "No live session with that id");
  const streams = await db
    .select({
      stream: streamCursors.stream,
      lastTickAt: streamCursors.lastTickAt,
      lastSuccessAt: streamCursors.lastSuccessAt,
      lastError: streamCursors.lastError,
      recordsTotal: streamCursors.recordsTotal,
      recordsPerMinute: sql<number>`coalesce((select sum(l.records_synced) from sync_logs l where l.live_session_id = ${id} and l.stream = stream_cursors.stream and l.started_at > now() - interval '5 minutes'), 0)::float / 5`,
    })
    .from(streamCursors)
    .where(eq(streamCursors.liveSessionId, id))
    .orderBy(asc(streamCursors.stream));
  return {
    ...row.session,
    bindingStatus: row.bindingStatus,
    gameAccount: row.gameAccount,
    store: row.store,
    storeId: row.storeId,
    streams,
  };
}
