import { rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { battleRecords, instanceRecords, liveSessions } from "@/db/schema";
import { bindAccount } from "@/lib/bindings/bind";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/embedded-postgres";
import type { RunnerStatus } from "@/lib/engine/runner";
import { checkHealth } from "@/lib/health";
import { updateStreamIntervals } from "@/lib/live-sessions/update-intervals";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { useGameServer } from "./helpers/game";
import { waitFor } from "./helpers/runner";
import { startEngine } from "@/scripts/chaos/run";

async function freePort() {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// Well under the watchdog's 3 intervals + 60 s, so a stream only the watchdog revived fails the test;
// 3–16 s measured (pooled connections killed by the restart fail for a while and the loop backs off).
const RESUME_WITHIN_MS = 45_000;

// The app's own PostgreSQL (separate server, own port and data dir) is stopped under load and started again.
describe("PostgreSQL restarted under load", () => {
  let upstream: Awaited<ReturnType<typeof useTestDatabase>>;
  let server: EmbeddedServer;
  let dir: string;
  let port: number;
  let app: ReturnType<typeof createDb> & { url: string };
  beforeAll(async () => {
    upstream = await useTestDatabase("dbrestart_up");
    port = await freePort();
    dir = path.join(process.cwd(), ".data", `db-restart-${port}`);
    server = await startEmbeddedPostgres({ dir, port });
    const admin = createDb(server.url("postgres"), { max: 1 });
    await admin.sql.unsafe("create database syncdeck_restart");
    await admin.sql.end();
    await runMigrations(server.url("syncdeck_restart"));
    app = { ...createDb(server.url("syncdeck_restart"), { max: 8 }), url: server.url("syncdeck_restart") };
  }, 120_000);
  afterAll(async () => {
    await app?.sql.end({ timeout: 2 }).catch(() => {});
    await server?.stop().catch(() => {});
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reports unhealthy, pauses the engine with backoff, then reconnects and finishes without duplicates", async () => {
    const { db } = app;
    const ops = await makeUser(db, "ops");
    const admin = await makeUser(db, "super_admin");
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await makePostgresInstance(db, upstream.url, `restart-${i}`)).id);
    const g = await useGameServer(db, { seed: 11, backlogMs: 20_000 });
    const live = [];
    for (const i of [0, 1]) {
      const { account, store } = g.pair(i);
      const { liveSession } = await bindAccount({ ctx: makeCtx(db, admin), input: { gameAccountId: account.id, storeId: store.id } });
      await updateStreamIntervals({
        ctx: makeCtx(db, admin),
        input: { liveSessionId: liveSession.id, intervals: { battles: 1, wallet: 1, members: 1 } },
      });
      live.push({ store, id: liveSession.id });
    }
    const session = await startBatch({ ctx: makeCtx(db, ops), input: { category: "account", instanceIds: ids } });

    // The engine runs as its own process, as in production; it reports its status every 100 ms.
    type Status = RunnerStatus & { unhandled: number };
    let status: Status | null = null;
    const loopErrors: string[] = [];
    const engineLog: string[] = [];
    const engine = await startEngine(app.url, {
      env: { SYNCDECK_ENGINE_STATUS_MS: "100", SYNCDECK_ENGINE_LOG_LEVEL: "debug" },
      onLine: (l) => l.startsWith("status ") && (status = JSON.parse(l.slice(7)) as Status),
      onLogLine: (l) => (engineLog.push(l.slice(0, 400)), l.includes("engine loop error") && loopErrors.push(l)),
    });
    let exitCode: number | null | undefined;
    void engine.exited.then((c) => (exitCode = c));
    const current = () => status as Status | null;
    try {
      await waitFor(async () => {
        const [row] = await db.execute<{ n: number }>(
          sql`select count(*)::int as n from instance_records where sync_session_id = ${session.id} and status = 'completed'`,
        );
        return row!.n >= 2;
      }, "the batch to get going");
      await waitFor(async () => (await db.$count(battleRecords)) > 0, "live battles to arrive");
      await waitFor(async () => current()?.leader, "the engine to lead");
      expect((await checkHealth(db, { mode: "inline", ...current()! })).ok).toBe(true);

      const chains = new Map(
        (await db.select({ id: liveSessions.id, chain: liveSessions.tickChain }).from(liveSessions)).map((r) => [r.id, r.chain]),
      );
      await server.stop();
      const down = await checkHealth(db, { mode: "inline", ...current()! });
      expect(down).toMatchObject({ ok: false, database: { ok: false } });
      await waitFor(async () => current()?.paused, "the engine to pause");
      const before = loopErrors.length;
      await new Promise((r) => setTimeout(r, 3_000));
      // Backing off: a handful of attempts in 3 s, not one per 50 ms poll; and the process lives.
      expect(loopErrors.length - before).toBeLessThan(15);
      expect(exitCode).toBeUndefined();

      server = await startEmbeddedPostgres({ dir, port });
      const restartedAt = Date.now();
      await waitFor(async () => (await checkHealth(db, { mode: "inline", ...current()! })).ok, "health to recover");
      const finished = await waitFor(
        async () => {
          const s = await getSyncSession(db, session.id);
          return s.status !== "running" && s;
        },
        "the batch to finish after the restart",
        60_000,
      ).catch(async (e) => {
        console.log(
          "batch did not finish; engine",
          current(),
          "runs",
          await db.execute(
            sql`select workflow_id, status, attempt, error, run_after, started_at from workflow_runs where workflow_id = 'batch-sync'`,
          ),
          "records",
          await db.execute(sql`select status, count(*)::int from instance_records group by 1`),
          "engine log",
          engineLog.slice(-40),
        );
        throw e;
      });
      expect(finished).toMatchObject({ status: "completed", successfulInstances: 12, failedInstances: 0, totalInstances: 12 });
      const batchDoneMs = Date.now() - restartedAt;
      await waitFor(async () => current()?.paused === false && current()?.leader, "the engine to resume as leader");

      // No duplicates; each instance holds exactly what its record synced.
      const [dupes] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from (select 1 from upstream_accounts group by instance_id, name having count(*) > 1) d`,
      );
      expect(dupes!.n).toBe(0);
      const mismatched = await db.execute<{ id: string }>(sql`
        select r.id from instance_records r
        where r.sync_session_id = ${session.id}
          and r.items_synced <> (select count(*) from upstream_accounts u where u.instance_id = r.instance_id and u.deleted_at is null)`);
      expect(mismatched).toHaveLength(0);
      expect(await db.$count(instanceRecords, eq(instanceRecords.status, "running"))).toBe(0);

      // Live sync resumes on its own chains: every stream ticks again soon after the restart, without
      // waiting for the watchdog (which only revives a stream silent for 3 intervals + 60 s).
      const resumed: number[] = [];
      for (const l of live) {
        const count = () => db.$count(battleRecords, eq(battleRecords.storeId, l.store.id));
        const afterRestart = await count();
        const resumedAt = await waitFor(
          async () => (await count()) > afterRestart && Date.now(),
          "battles after the restart",
          RESUME_WITHIN_MS,
        ).catch(async (e) => {
          console.log(
            "live sync did not resume; engine",
            current(),
            "runs",
            await db.execute(
              sql`select workflow_id, status, attempt, error, event_data->>'stream' as stream, event_data->>'seq' as seq, run_after, started_at, finished_at, (select json_agg(step_id) from workflow_steps w where w.run_id = r.id) as steps from workflow_runs r where workflow_id <> 'batch-sync' order by created_at desc limit 12`,
            ),
            "sessions",
            await db.execute(sql`select state, sync_status, error_msg, retry_count, next_retry_at, tick_chain from live_sessions`),
            "engine log",
            engineLog.slice(-40),
          );
          throw e;
        });
        resumed.push(resumedAt - restartedAt);
      }
      // Every stream of every session ticks again (not only battles), each on the chain it had before the restart.
      for (const l of live) {
        const [s] = await db.select({ chain: liveSessions.tickChain }).from(liveSessions).where(eq(liveSessions.id, l.id));
        const since = new Date(restartedAt);
        await waitFor(
          async () => {
            const rows = await db.execute<{ stream: string }>(
              sql`select stream::text from stream_cursors where live_session_id = ${l.id} and last_tick_at > ${since.toISOString()}::timestamptz`,
            );
            return rows.length === 3;
          },
          "every stream to tick within 45 s of the restart",
          Math.max(5_000, restartedAt + RESUME_WITHIN_MS - Date.now()),
        );
        expect(s!.chain).toBe(chains.get(l.id));
      }
      // When each stream's first tick after the restart finished (for the log line; not asserted).
      const firstTicks = await db.execute<{ ms: number }>(sql`
        select min(extract(epoch from finished_at) * 1000 - ${restartedAt})::int as ms from sync_logs
        where finished_at > ${new Date(restartedAt).toISOString()}::timestamptz group by live_session_id, stream order by 1`);
      for (const l of live) {
        const stored = (
          await db.select({ id: battleRecords.externalId }).from(battleRecords).where(eq(battleRecords.storeId, l.store.id))
        ).map((r) => r.id);
        const feed = g.server.items(l.store.externalId, "battles").map((b) => b.id);
        expect(new Set(stored).size).toBe(stored.length);
        expect(stored.sort()).toEqual(feed.slice(0, stored.length).sort());
        const [s] = await db.select().from(liveSessions).where(eq(liveSessions.id, l.id));
        expect(s!.state).toBe("active");
      }
      expect(current()!.unhandled).toBe(0);
      expect(exitCode).toBeUndefined();
      const failedRuns = engineLog.filter((l) => l.includes("workflow run failed"));
      if (failedRuns.length) console.log(`db restart: ${failedRuns.length} workflow runs failed (retried):`, failedRuns.slice(0, 5));
      console.log(
        `db restart: ${loopErrors.length} backed-off loop attempts while the database was down; streams ticked again ${firstTicks.map((r) => r.ms).join(", ")} ms after the restart (batch done after ${batchDoneMs} ms; new battles seen after ${resumed.join(", ")} ms)`,
      );
    } finally {
      engine.child.kill("SIGTERM");
      await engine.exited;
      await g.server.close();
    }
  }, 300_000);
});
