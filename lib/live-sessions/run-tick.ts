import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { bindings, gameAccounts, instances, liveSessions, stores, streamCursors, syncLogs } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { classifyFailure, classifyInvalidItems, type ClassifiedFailure } from "@/lib/failures/classify";
import { createGameServerClient, UpstreamError, type GameServerClient, type InvalidFeedItem } from "@/lib/game-server/client";
import { parseGameServerSecret } from "@/lib/game-server/secret";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import { applyBattles, applyMembers, applyWallet } from "./apply-feed";
import { NO_ERROR, retryDelayMs } from "./backoff";
import type { Stream } from "./events";
import type { SyncLogStatus } from "@/lib/domain/values";

/** Pages read per tick before yielding (a backlog drains over the next, immediate, ticks). */
const MAX_PAGES_PER_TICK = 4;
const PAGE_LIMIT = 500;
/** Errors that mean the upstream is unreachable or refuses us: the session goes to `error` and backs off. */
const CONNECTION_CODES = new Set(["network", "timeout", "auth", "permission"]);

export type TickResult =
  | { continue: false; reason: string }
  | { continue: true; delayMs: number; synced: number; status: SyncLogStatus | "waiting" };

export type TickDeps = { clientFor?: (baseUrl: string, token: string) => GameServerClient };

/**
 * One tick of one stream of a live session: read what is new after the cursor, store it, and
 * move the cursor, all in one transaction with its sync log row. Returns when to tick next.
 */
export async function runStreamTick(
  db: Database,
  args: { liveSessionId: string; stream: Stream; chain: string },
  deps: TickDeps = {},
): Promise<TickResult> {
  const [row] = await db
    .select({
      session: liveSessions,
      bindingStatus: bindings.status,
      storeId: stores.id,
      houseId: stores.externalId,
      accountToken: gameAccounts.tokenCiphertext,
      instanceSecret: instances.secretCiphertext,
      instanceEnabled: instances.enabled,
      cursor: streamCursors.cursor,
    })
    .from(liveSessions)
    .innerJoin(bindings, eq(bindings.id, liveSessions.bindingId))
    .innerJoin(stores, eq(stores.id, bindings.storeId))
    .innerJoin(gameAccounts, eq(gameAccounts.id, bindings.gameAccountId))
    .innerJoin(instances, eq(instances.id, stores.instanceId))
    .leftJoin(streamCursors, and(eq(streamCursors.liveSessionId, liveSessions.id), eq(streamCursors.stream, args.stream)))
    .where(eq(liveSessions.id, args.liveSessionId));
  if (!row) return { continue: false, reason: "live session is gone" };
  const { session } = row;
  if (session.tickChain !== args.chain) return { continue: false, reason: "superseded by a newer chain" };
  if (!session.autoSyncEnabled || session.state === "inactive" || row.bindingStatus !== "active")
    return { continue: false, reason: "auto-sync is off" };
  const intervalMs = session.intervals[args.stream] * 1000;
  if (session.state === "error" && session.nextRetryAt && session.nextRetryAt.getTime() > Date.now()) {
    return { continue: true, delayMs: session.nextRetryAt.getTime() - Date.now(), synced: 0, status: "waiting" };
  }

  const startedAt = new Date();
  let items: unknown[] = [];
  let invalidItems: InvalidFeedItem[] = [];
  let cursor = row.cursor;
  let failure: UpstreamError | null = null;
  let classified: ClassifiedFailure | null = null;
  const secrets: string[] = [];
  let more = false;
  try {
    if (!row.accountToken) throw new UpstreamError("auth", "This game account has no API token stored; bind it again with its token");
    const instanceSecret = decryptSecret(row.instanceSecret);
    secrets.push(instanceSecret);
    const { baseUrl } = parseGameServerSecret(instanceSecret);
    const token = decryptSecret(row.accountToken);
    secrets.push(token);
    const client = (deps.clientFor ?? ((url, t) => createGameServerClient({ baseUrl: url, token: t })))(baseUrl, token);
    for (let page = 0; page < MAX_PAGES_PER_TICK; page++) {
      const result = await client.fetchFeed(args.stream, row.houseId, cursor, PAGE_LIMIT);
      items = items.concat(result.items);
      invalidItems = invalidItems.concat(result.invalid);
      cursor = result.nextCursor;
      more = result.hasMore;
      if (!result.hasMore) break;
    }
  } catch (err) {
    classified = classifyFailure(err, { secrets });
    failure = err instanceof UpstreamError ? err : new UpstreamError(classified.failureClass, classified.message);
    if (!(err instanceof UpstreamError))
      logger.error({ liveSessionId: args.liveSessionId, stream: args.stream, err: classified.detail }, "stream tick failed");
  }
  // What the sync log row and the session carry: the failure, or the items skipped on a good tick.
  const problem =
    classified ??
    classifyInvalidItems(
      invalidItems.map((i) => ({ item: i.id ?? i.item, error: i.error })),
      { secrets },
    );

  return db.transaction(async (tx) => {
    // Compare-and-set on the cursor: a tick that lost a race writes nothing. The session row is
    // locked too, so an unbind or stop committed meanwhile is seen here and nothing is written after it.
    const [locked] = await tx
      .select({ cursor: streamCursors.cursor, chain: liveSessions.tickChain })
      .from(streamCursors)
      .innerJoin(liveSessions, eq(liveSessions.id, streamCursors.liveSessionId))
      .where(and(eq(streamCursors.liveSessionId, args.liveSessionId), eq(streamCursors.stream, args.stream)))
      .for("update", { of: [streamCursors, liveSessions] });
    if (!locked || locked.chain !== args.chain) return { continue: false as const, reason: "stopped while fetching" };
    if ((locked.cursor ?? null) !== (row.cursor ?? null))
      return { continue: true as const, delayMs: intervalMs, synced: 0, status: "waiting" as const };
    const finishedAt = new Date();

    if (failure && classified && CONNECTION_CODES.has(classified.failureClass)) {
      const retryCount = session.retryCount + 1;
      const delayMs = retryDelayMs(retryCount);
      await tx.insert(syncLogs).values({
        liveSessionId: session.id,
        stream: args.stream,
        startedAt,
        finishedAt,
        status: "error",
        error: classified.message,
        failureClass: classified.failureClass,
        errorDetail: classified.detail,
      });
      await tx
        .update(streamCursors)
        .set({ lastTickAt: finishedAt, lastError: failure.message, updatedAt: finishedAt })
        .where(and(eq(streamCursors.liveSessionId, session.id), eq(streamCursors.stream, args.stream)));
      await tx
        .update(liveSessions)
        .set({
          state: "error",
          syncStatus: "error",
          errorMsg: classified.message,
          failureClass: classified.failureClass,
          errorDetail: classified.detail,
          // Since when the session is in error: set on entering it, kept while it stays there.
          errorSince: sql`case when ${liveSessions.state} = 'error' then coalesce(${liveSessions.errorSince}, now()) else now() end`,
          retryCount,
          nextRetryAt: new Date(Date.now() + delayMs),
          updatedAt: sql`now()`,
        })
        .where(eq(liveSessions.id, session.id));
      await notifyChange(tx, "live_session", session.id);
      return { continue: true as const, delayMs, synced: 0, status: "error" as const };
    }

    let synced = 0;
    if (!failure) {
      const storeId = row.storeId;
      if (args.stream === "battles") synced = await applyBattles(tx, storeId, items as never);
      else if (args.stream === "wallet") synced = await applyWallet(tx, storeId, items as never);
      else synced = await applyMembers(tx, storeId, items as never);
    }
    // A data problem (bad cursor, malformed page) is logged; the session itself carries on.
    const error = problem?.message ?? null;
    await tx.insert(syncLogs).values({
      liveSessionId: session.id,
      stream: args.stream,
      startedAt,
      finishedAt,
      recordsSynced: synced,
      status: failure ? "error" : "success",
      error,
      failureClass: problem?.failureClass ?? null,
      errorDetail: problem?.detail ?? null,
    });
    await tx
      .update(streamCursors)
      .set({
        // On failure the cursor stays; a cursor the server no longer accepts starts the stream over (upserts are idempotent).
        cursor: failure ? (failure.code === "upstream_data" && /cursor/i.test(failure.message) ? null : row.cursor) : cursor,
        lastTickAt: finishedAt,
        lastSuccessAt: failure ? undefined : finishedAt,
        lastError: error,
        recordsTotal: sql`${streamCursors.recordsTotal} + ${synced}`,
        updatedAt: finishedAt,
      })
      .where(and(eq(streamCursors.liveSessionId, session.id), eq(streamCursors.stream, args.stream)));
    await tx
      .update(liveSessions)
      .set(
        failure
          ? { updatedAt: sql`now()` }
          : {
              state: "active",
              syncStatus: "idle",
              lastSyncAt: finishedAt,
              ...NO_ERROR,
              updatedAt: sql`now()`,
            },
      )
      .where(eq(liveSessions.id, session.id));
    if (synced > 0 || session.state === "error" || failure) await notifyChange(tx, "live_session", session.id, { stream: args.stream });
    return { continue: true as const, delayMs: more ? 0 : intervalMs, synced, status: failure ? ("error" as const) : ("success" as const) };
  });
}
