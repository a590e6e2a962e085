import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { Battle, MemberEvent, WalletTransaction } from "@/lib/game-server/schemas";
import { pgError } from "@/lib/errors";

/**
 * Per player: games, wins and score over every battle of a page, as applyBattles' SQL adds them up;
 * null when anything is off the validated shape or a total would not be exact (SQL then does it).
 */
function pageTotals(items: Battle[]) {
  const totals = new Map<string, { player_id: string; games: number; wins: number; score: number }>();
  for (const b of items) {
    for (const p of b.players) {
      if (typeof p.playerId !== "string" || typeof p.won !== "boolean" || !Number.isSafeInteger(p.score)) return null;
      let t = totals.get(p.playerId);
      if (!t) totals.set(p.playerId, (t = { player_id: p.playerId, games: 0, wins: 0, score: 0 }));
      t.games++;
      if (p.won) t.wins++;
      t.score += p.score;
    }
  }
  for (const t of totals.values()) if (!Number.isSafeInteger(t.score)) return null;
  return [...totals.values()];
}

const STATS_CONFLICT = sql`
      on conflict (store_id, player_id) do update set
        games = ps.games + excluded.games, wins = ps.wins + excluded.wins,
        score_total = ps.score_total + excluded.score_total, updated_at = now()`;

/** A unique violation on battle_records' key: the page holds a battle already stored (or twice). */
function isStoredBattle(err: unknown) {
  const pg = pgError(err);
  return pg?.code === "23505" && pg.constraint_name === "battle_records_store_id_external_id_pk";
}

/**
 * Stores new battles and adds only those to the player statistics, in one statement: a battle
 * seen twice is neither stored twice nor counted twice.
 *
 * Per 2,000-battle tick (EXPLAIN ANALYZE), the insert itself (heap, primary key, played_at index,
 * the store foreign-key check) is most of the cost, as it is for COPY; the rest is kept small:
 * - The page is one jsonb parameter: jsonb_to_recordset hands each `players` array over as jsonb
 *   (json_to_recordset parsed it a second time).
 * - The usual page holds only new battles (the cursor moves forward). It is first tried, in a
 *   savepoint, as a plain insert that adds the page's totals (added up here) to the statistics:
 *   if it succeeds it stored every battle of the page, so the totals are exact. This skips ON
 *   CONFLICT's speculative insertion and the per-player pass over the stored rows. A page with a
 *   battle already stored (or one twice, or one a concurrent tick is storing) fails on the key,
 *   rolls back to the savepoint, and goes through the general statement: ON CONFLICT DO NOTHING,
 *   and the statistics summed in SQL over the battles that statement did store.
 */
export async function applyBattles(tx: Executor, storeId: string, items: Battle[]): Promise<number> {
  if (!items.length) return 0;
  const page = JSON.stringify(items);
  const totals = pageTotals(items);
  if (totals) {
    try {
      const [row] = await tx.transaction((sp) =>
        sp.execute<{ inserted: number }>(sql`
          with ins as (
            insert into battle_records (store_id, external_id, played_at, players)
            select ${storeId}, id, "playedAt", players
            from jsonb_to_recordset(${page}::jsonb) as x(id text, "playedAt" timestamptz, players jsonb)
            returning 1
          ),
          stats as (
            insert into player_stats as ps (store_id, player_id, games, wins, score_total)
            -- In key order, so two ticks updating one store's players lock rows in the same order (no deadlock).
            select ${storeId}, player_id, games, wins, score
            from jsonb_to_recordset(${JSON.stringify(totals)}::jsonb) as t(player_id text, games int, wins int, score bigint)
            order by player_id
            ${STATS_CONFLICT}
          )
          select (select count(*) from ins)::int as inserted`),
      );
      return row?.inserted ?? 0;
    } catch (err) {
      if (!isStoredBattle(err)) throw err;
    }
  }
  const [row] = await tx.execute<{ inserted: number }>(sql`
    with ins as (
      insert into battle_records (store_id, external_id, played_at, players)
      select ${storeId}, id, "playedAt", players
      from jsonb_to_recordset(${page}::jsonb) as x(id text, "playedAt" timestamptz, players jsonb)
      on conflict (store_id, external_id) do nothing
      returning players
    ),
    per_player as (
      select p."playerId" as player_id, count(*)::int as games, count(*) filter (where p.won)::int as wins, sum(p.score) as score
      from ins, jsonb_to_recordset(ins.players) as p("playerId" text, won boolean, score bigint)
      group by 1
    ),
    stats as (
      insert into player_stats as ps (store_id, player_id, games, wins, score_total)
      select ${storeId}, player_id, games, wins, score from per_player order by player_id
      ${STATS_CONFLICT}
    )
    select (select count(*) from ins)::int as inserted`);
  return row?.inserted ?? 0;
}

export async function applyWallet(tx: Executor, storeId: string, items: WalletTransaction[]): Promise<number> {
  if (!items.length) return 0;
  const [row] = await tx.execute<{ inserted: number }>(sql`
    with ins as (
      insert into wallet_transactions (store_id, external_id, player_id, kind, amount_cents, occurred_at)
      select ${storeId}, id, "playerId", kind, "amountCents", "occurredAt"
      from json_to_recordset(${JSON.stringify(items)}::json) as x(id text, "playerId" text, kind text, "amountCents" bigint, "occurredAt" timestamptz)
      on conflict (store_id, external_id) do nothing
      returning 1
    )
    select count(*)::int as inserted from ins`);
  return row?.inserted ?? 0;
}

type MemberState = { playerId: string; nickname: string; role: string; joinedAt: string | null; leftAt: string | null; present: boolean };

/**
 * Folds a page of membership changes (joined, left, role changed) into the current member list.
 * Replaying the same events gives the same list.
 */
export async function applyMembers(tx: Executor, storeId: string, items: MemberEvent[]): Promise<number> {
  if (!items.length) return 0;
  const latest = new Map<string, MemberState>();
  for (const e of items) {
    const prev = latest.get(e.playerId);
    const next: MemberState = {
      playerId: e.playerId,
      nickname: e.nickname,
      role: e.role,
      joinedAt: prev?.joinedAt ?? null,
      leftAt: prev?.leftAt ?? null,
      present: true,
    };
    if (e.change === "joined") {
      next.joinedAt = e.at;
      next.leftAt = null;
    } else if (e.change === "left") {
      next.leftAt = e.at;
      next.present = false;
    }
    latest.set(e.playerId, next);
  }
  await tx.execute(sql`
    insert into store_members as m (store_id, player_id, nickname, role, joined_at, left_at, updated_at)
    select ${storeId}, "playerId", nickname, role, "joinedAt", "leftAt", now()
    from json_to_recordset(${JSON.stringify([...latest.values()])}::json)
      as x("playerId" text, nickname text, role text, "joinedAt" timestamptz, "leftAt" timestamptz)
    on conflict (store_id, player_id) do update set
      nickname = excluded.nickname, role = excluded.role,
      joined_at = coalesce(excluded.joined_at, m.joined_at),
      left_at = case when excluded.joined_at is not null then excluded.left_at else coalesce(excluded.left_at, m.left_at) end,
      updated_at = now()`);
  return items.length;
}
