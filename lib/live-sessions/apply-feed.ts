import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { Battle, MemberEvent, WalletTransaction } from "@/lib/game-server/schemas";

/**
 * Stores new battles and adds only those to the player statistics, in one statement: a battle
 * seen twice is neither stored twice nor counted twice.
 */
export async function applyBattles(tx: Executor, storeId: string, items: Battle[]): Promise<number> {
  if (!items.length) return 0;
  const [row] = await tx.execute<{ inserted: number }>(sql`
    with incoming as (
      select * from json_to_recordset(${JSON.stringify(items)}::json) as x(id text, "playedAt" timestamptz, players jsonb)
    ),
    ins as (
      insert into battle_records (store_id, external_id, played_at, players)
      select ${storeId}, id, "playedAt", players from incoming
      on conflict (store_id, external_id) do nothing
      returning players
    ),
    per_player as (
      select p->>'playerId' as player_id, count(*)::int as games,
             count(*) filter (where (p->>'won')::boolean)::int as wins, sum((p->>'score')::bigint) as score
      from ins, jsonb_array_elements(ins.players) p group by 1
    ),
    stats as (
      insert into player_stats as ps (store_id, player_id, games, wins, score_total)
      -- In key order, so two ticks updating one store's players lock rows in the same order (no deadlock).
      select ${storeId}, player_id, games, wins, score from per_player order by player_id
      on conflict (store_id, player_id) do update set
        games = ps.games + excluded.games, wins = ps.wins + excluded.wins,
        score_total = ps.score_total + excluded.score_total, updated_at = now()
      returning 1
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
    const next: MemberState = { playerId: e.playerId, nickname: e.nickname, role: e.role, joinedAt: prev?.joinedAt ?? null, leftAt: prev?.leftAt ?? null, present: true };
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
