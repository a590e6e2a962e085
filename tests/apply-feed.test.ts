import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { battleRecords, instances, playerStats, stores } from "@/db/schema";
import type { Battle } from "@/lib/game-server/schemas";
import { applyBattles } from "@/lib/live-sessions/apply-feed";
import { useTestDatabase } from "./helpers/db";

const battle = (id: string, players: [string, number, boolean][]): Battle => ({
  id,
  playedAt: "2026-11-24T10:00:00.000Z",
  players: players.map(([playerId, score, won]) => ({ playerId, score, won })),
});

/** What player_stats must hold: every stored battle counted once. */
function expected(battles: Battle[]) {
  const byPlayer = new Map<string, { games: number; wins: number; score: number }>();
  for (const b of new Map(battles.map((x) => [x.id, x])).values()) {
    for (const p of b.players) {
      const s = byPlayer.get(p.playerId) ?? { games: 0, wins: 0, score: 0 };
      s.games++;
      if (p.won) s.wins++;
      s.score += p.score;
      byPlayer.set(p.playerId, s);
    }
  }
  return [...byPlayer.entries()].map(([playerId, s]) => ({ playerId, ...s })).sort((a, b) => a.playerId.localeCompare(b.playerId));
}

describe("applying a battle page: stored once, counted once", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let storeId: string;
  beforeAll(async () => {
    t = await useTestDatabase("apply_feed");
    const [server] = await t.db
      .insert(instances)
      .values({ name: "feed-server", kind: "game_server", secretCiphertext: "x", endpoint: "http://127.0.0.1:9" })
      .returning();
    const [store] = await t.db.insert(stores).values({ instanceId: server!.id, externalId: "H-1", name: "House 1" }).returning();
    storeId = store!.id;
  });

  async function stats() {
    const rows = await t.db.select().from(playerStats).where(eq(playerStats.storeId, storeId));
    return rows
      .map((r) => ({ playerId: r.playerId, games: r.games, wins: r.wins, score: Number(r.scoreTotal) }))
      .sort((a, b) => a.playerId.localeCompare(b.playerId));
  }

  it("a new page, a replayed page, an overlapping page and a page naming a battle twice", async () => {
    const a = battle("b-1", [
      ["p1", 10, true],
      ["p2", 4, false],
    ]);
    const b = battle("b-2", [
      ["p1", -3, false],
      ["p3", 7, true],
    ]);
    const c = battle("b-3", [
      ["p2", 5, true],
      ["p3", 1, false],
    ]);
    const d = battle("b-4", [
      ["p4", 2, true],
      ["p1", 1, false],
    ]);
    const applied: Battle[] = [];
    const apply = async (page: Battle[]) => {
      const inserted = await t.db.transaction((tx) => applyBattles(tx, storeId, page));
      applied.push(...page);
      return inserted;
    };

    expect(await apply([a, b])).toBe(2); // all new
    expect(await stats()).toEqual(expected(applied));
    expect(await apply([a, b])).toBe(0); // replayed: nothing stored, nothing counted
    expect(await stats()).toEqual(expected(applied));
    expect(await apply([b, c])).toBe(1); // overlaps: only c
    expect(await stats()).toEqual(expected(applied));
    expect(await apply([d, d])).toBe(1); // d twice in one page
    expect(await stats()).toEqual(expected(applied));
    expect(await t.db.$count(battleRecords, eq(battleRecords.storeId, storeId))).toBe(4);
  });

  it("overlapping pages applied concurrently count each battle once", async () => {
    const players: [string, number, boolean][] = [
      ["q1", 3, true],
      ["q2", 2, false],
      ["q3", 5, false],
    ];
    const all = Array.from({ length: 60 }, (_, i) =>
      battle(
        `c-${i}`,
        players.map(([p, s, w]) => [p, s + (i % 7), w !== (i % 2 === 0)]),
      ),
    );
    const pages = [all.slice(0, 30), all.slice(20, 50), all.slice(10, 60), all.slice(0, 60)];
    const inserted = await Promise.all(pages.map((page) => t.db.transaction((tx) => applyBattles(tx, storeId, page))));
    expect(inserted.reduce((x, y) => x + y, 0)).toBe(60);
    const mine = (await stats()).filter((s) => s.playerId.startsWith("q"));
    expect(mine).toEqual(expected(all));
  });
});
