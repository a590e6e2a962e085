/**
 * Ingest throughput, side by side in one run on one database:
 *  (a) a live battle stream: the demo game server's battles applied tick by tick (4 pages of 500)
 *      through applyBattles, the path live-session ticks use (records + player statistics);
 *  (b) an account sync: one snapshot of N roles through applyAccountSnapshot;
 * each against PostgreSQL's own COPY of the same rows into the same table, and a per-row drizzle
 * upsert loop doing the same work.
 * Run: npx tsx bench/ingest.ts
 */
import net from "node:net";
import { Writable } from "node:stream";
import { sql as dsql } from "drizzle-orm";
import postgres from "postgres";
import { battleRecords, instances, playerStats, stores, upstreamAccounts } from "@/db/schema";
import type { UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { startDemoGameServer } from "@/lib/game-server/demo-server";
import type { Battle } from "@/lib/game-server/schemas";
import { applyBattles } from "@/lib/live-sessions/apply-feed";
import { applyAccountSnapshot } from "@/lib/sync/account-snapshot";
import { benchDatabase, int, isMain, runAlone, type BenchResult } from "./support";

const TICK_ITEMS = 2000; // run-tick: up to 4 pages of 500 per tick, one transaction
const ORM_ROWS = Number(process.env.BENCH_ORM_ROWS ?? 3000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50_000);

const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");

async function timed(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export async function ingestBench(): Promise<BenchResult[]> {
  const b = await benchDatabase("bench_ingest");
  // A day of the demo game server's history: ~57,000 battles in one house.
  const game = await startDemoGameServer({ port: 0, seed: 42, backlogMs: 24 * 3_600_000 });
  try {
    const battles = game.items(game.directory.houses[0]!.id, "battles") as Battle[];
    await game.close();
    const [inst] = await b.db
      .insert(instances)
      .values({ name: "bench-game", kind: "game_server", secretCiphertext: "x", endpoint: "127.0.0.1:9" })
      .returning();
    const store = async (k: string) =>
      (await b.db.insert(stores).values({ instanceId: inst!.id, externalId: k, name: k }).returning())[0]!.id;
    const [ours, copied, orm] = [await store("ours"), await store("copy"), await store("orm")];

    // (a) battles
    const oursS = await timed(async () => {
      for (let i = 0; i < battles.length; i += TICK_ITEMS)
        await b.db.transaction((tx) => applyBattles(tx, ours, battles.slice(i, i + TICK_ITEMS)));
    });
    const copyS = await timed(async () => {
      const w: Writable = await b.sql`copy battle_records (store_id, external_id, played_at, players) from stdin`.writable();
      const done = new Promise((r, j) => w.on("finish", r).on("error", j));
      for (let i = 0; i < battles.length; i += 1000) {
        const chunk = battles
          .slice(i, i + 1000)
          .map((x) => `${copied}\t${esc(x.id)}\t${x.playedAt}\t${esc(JSON.stringify(x.players))}\n`)
          .join("");
        if (!w.write(chunk)) await new Promise((r) => w.once("drain", r));
      }
      w.end();
      await done;
    });
    // The same COPY cut into the stream's ticks: one transaction per 2,000 rows, as the rows arrive.
    // On a TCP_NODELAY connection: postgres.js leaves Nagle on, and the 5-byte CopyDone that ends
    // each COPY then waits for a delayed ACK (~40-50 ms on loopback), which cut into 29 ticks
    // measured the driver's socket, not COPY (2,000 rows: ~70 ms per COPY transaction, ~19 ms without Nagle).
    const u = new URL(b.url);
    const noDelay = {
      max: 1,
      onnotice: () => {},
      // postgres.js takes a `socket` factory (its typings leave it out).
      socket: () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ host: u.hostname, port: Number(u.port || 5432), noDelay: true });
          s.once("connect", () => resolve(s)).once("error", reject);
        }),
    };
    const copySql = postgres(b.url, noDelay);
    const tickCopied = await store("copy-ticks");
    const copyTickS = await timed(async () => {
      for (let i = 0; i < battles.length; i += TICK_ITEMS) {
        await copySql.begin(async (tx) => {
          const w: Writable = await tx`copy battle_records (store_id, external_id, played_at, players) from stdin`.writable();
          const done = new Promise((r, j) => w.on("finish", r).on("error", j));
          w.end(
            battles
              .slice(i, i + TICK_ITEMS)
              .map((x) => `${tickCopied}\t${esc(x.id)}\t${x.playedAt}\t${esc(JSON.stringify(x.players))}\n`)
              .join(""),
          );
          await done;
        });
      }
    });
    await copySql.end();
    const ormBattles = battles.slice(0, ORM_ROWS);
    const ormS = await timed(async () => {
      for (const x of ormBattles) {
        const ins = await b.db
          .insert(battleRecords)
          .values({ storeId: orm, externalId: x.id, playedAt: new Date(x.playedAt), players: x.players })
          .onConflictDoNothing()
          .returning({ id: battleRecords.externalId });
        if (!ins.length) continue;
        for (const p of x.players) {
          await b.db
            .insert(playerStats)
            .values({ storeId: orm, playerId: p.playerId, games: 1, wins: p.won ? 1 : 0, scoreTotal: p.score })
            .onConflictDoUpdate({
              target: [playerStats.storeId, playerStats.playerId],
              set: {
                games: dsql`${playerStats.games} + 1`,
                wins: dsql`${playerStats.wins} + ${p.won ? 1 : 0}`,
                scoreTotal: dsql`${playerStats.scoreTotal} + ${p.score}`,
                updatedAt: dsql`now()`,
              },
            });
        }
      }
    });

    // (b) accounts: one snapshot, the shape the PostgreSQL connector returns.
    const snapshot: UpstreamAccountSnapshot[] = Array.from({ length: ACCOUNTS }, (_, i) => ({
      name: `role_${String(i).padStart(6, "0")}`,
      canLogin: i % 5 !== 0,
      superuser: i % 997 === 0,
      createDb: i % 13 === 0,
      createRole: i % 17 === 0,
      replication: false,
      connectionLimit: i % 3 === 0 ? 10 : -1,
      validUntil: i % 11 === 0 ? "2031-01-01T00:00:00.000Z" : null,
      memberOf: i % 4 === 0 ? ["app_readers", "app_writers"] : ["app_readers"],
      privileges: { databases: { app: ["CONNECT", "TEMPORARY"] }, schemas: { public: ["USAGE"] } },
    }));
    const instance = async (name: string) =>
      (await b.db.insert(instances).values({ name, kind: "postgres", secretCiphertext: "x", endpoint: "127.0.0.1:9/x" }).returning())[0]!
        .id;
    const [aOurs, aCopy, aOrm] = [await instance("acct-ours"), await instance("acct-copy"), await instance("acct-orm")];
    const accOursS = await timed(() => b.db.transaction((tx) => applyAccountSnapshot(tx, aOurs, snapshot)));
    const accCopyS = await timed(async () => {
      const w: Writable =
        await b.sql`copy upstream_accounts (instance_id, name, can_login, superuser, create_db, create_role, replication, connection_limit, valid_until, member_of, privileges, fingerprint) from stdin`.writable();
      const done = new Promise((r, j) => w.on("finish", r).on("error", j));
      for (let i = 0; i < snapshot.length; i += 1000) {
        const chunk = snapshot
          .slice(i, i + 1000)
          .map(
            (a) =>
              `${aCopy}\t${esc(a.name)}\t${a.canLogin}\t${a.superuser}\t${a.createDb}\t${a.createRole}\t${a.replication}\t${a.connectionLimit}\t${a.validUntil ?? "\\N"}\t{${a.memberOf.join(",")}}\t${esc(JSON.stringify(a.privileges))}\t${a.name}\n`,
          )
          .join("");
        if (!w.write(chunk)) await new Promise((r) => w.once("drain", r));
      }
      w.end();
      await done;
    });
    const ormAccounts = snapshot.slice(0, ORM_ROWS);
    const accOrmS = await timed(async () => {
      for (const a of ormAccounts) {
        const row = {
          ...a,
          validUntil: a.validUntil ? new Date(a.validUntil) : null,
          privileges: a.privileges ?? null,
          fingerprint: a.name,
          lastSyncedAt: new Date(),
          deletedAt: null,
        };
        await b.db
          .insert(upstreamAccounts)
          .values({ instanceId: aOrm, ...row })
          .onConflictDoUpdate({ target: [upstreamAccounts.instanceId, upstreamAccounts.name], set: row });
      }
    });

    const rate = (rows: number, s: number) => rows / s;
    const perTick = rate(battles.length, copyTickS);
    const lines = [
      ["battle stream", battles.length, rate(battles.length, oursS), rate(battles.length, copyS), rate(ormBattles.length, ormS)],
      [
        "account sync",
        snapshot.length,
        rate(snapshot.length, accOursS),
        rate(snapshot.length, accCopyS),
        rate(ormAccounts.length, accOrmS),
      ],
    ] as const;
    console.log(`\ningest (rows/s; ORM loop over the first ${int(ORM_ROWS)} rows)`);
    console.log(
      `  ${"".padEnd(14)} ${"rows".padStart(8)} ${"ours".padStart(9)} ${"COPY".padStart(9)} ${"ORM loop".padStart(9)} ${"ours/COPY".padStart(10)} ${"ours/ORM".padStart(9)}`,
    );
    const results: BenchResult[] = [];
    for (const [name, rows, o, c, r] of lines) {
      console.log(
        `  ${name.padEnd(14)} ${int(rows).padStart(8)} ${int(o).padStart(9)} ${int(c).padStart(9)} ${int(r).padStart(9)} ${(o / c).toFixed(2).padStart(9)}× ${(o / r).toFixed(1).padStart(8)}×`,
      );
      if (name === "battle stream") {
        console.log(
          `  ${"  COPY per tick".padEnd(14)} ${"".padStart(8)} ${"".padStart(9)} ${int(perTick).padStart(9)} ${"".padStart(9)} ${(o / perTick).toFixed(2).padStart(9)}×   (one COPY transaction per 2,000-row tick)`,
        );
        results.push({
          target: `${name}: within 2× of COPY cut into the same 2,000-row ticks`,
          measured: `${(o / perTick).toFixed(2)}× (${int(o)} vs ${int(perTick)} rows/s)`,
          met: o / perTick >= 0.5,
        });
      }
      results.push(
        {
          target: `${name}: within 2× of COPY${name === "battle stream" ? " in one stream" : ""} (ours/COPY ≥ 0.5)`,
          measured: `${(o / c).toFixed(2)}× (${int(o)} vs ${int(c)} rows/s)`,
          met: o / c >= 0.5,
        },
        { target: `${name}: ≥ 20× a per-row ORM upsert loop`, measured: `${(o / r).toFixed(1)}× (ORM ${int(r)} rows/s)`, met: o / r >= 20 },
      );
    }
    return results;
  } finally {
    await game.close().catch(() => {});
    await b.close();
  }
}

if (isMain(import.meta.url)) await runAlone("ingest", () => ingestBench());
