/**
 * The crash-recovery run behind `npm run test:chaos` and tests/chaos.test.ts: batches over many
 * instances and live sync over many bindings while the engine process is SIGKILLed at seeded random
 * moments and restarted; then everything settles and the stored data is checked against the
 * upstreams (the demo game servers' full histories, the batch records' own counts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { and, eq, sql } from "drizzle-orm";
import { createDb, type Database } from "@/db/client";
import { authUsers, gameAccounts, instances, stores, streamCursors, syncSessions } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { bindAccount } from "@/lib/bindings/bind";
import type { Ctx } from "@/lib/context";
import { postgresEndpoint } from "@/lib/connectors/postgres";
import { encryptSecret } from "@/lib/crypto/secrets";
import { enqueueEvents } from "@/lib/engine/enqueue";
import { gameServerEndpoint } from "@/lib/game-server/client";
import { startDemoGameServer, type DemoGameServer } from "@/lib/game-server/demo-server";
import { importDirectory } from "@/lib/game-server/import-directory";
import { setAutoSync } from "@/lib/live-sessions/set-auto-sync";
import { updateStreamIntervals } from "@/lib/live-sessions/update-intervals";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { workflows } from "@/lib/workflows";
import { RUNNABLE_CATEGORIES } from "@/lib/domain/values";

export type ChaosOptions = {
  /** Migrated, empty Syncdeck database the engine runs on. */
  dbUrl: string;
  /** PostgreSQL the batch instances sync from. */
  upstreamUrl: string;
  kills: number;
  instances: number;
  /** Demo game servers; four bindings each (one per house). */
  gameServers: number;
  seed: number;
  /** How long the engine lives between start and SIGKILL, drawn uniformly. */
  upMs: [number, number];
  settleTimeoutMs?: number;
  log?: (line: string) => void;
};

export type ChaosReport = {
  seed: number;
  kills: number;
  /** Workflow runs that were `running` at the moments of the kills, summed. */
  runsInFlightAtKills: number;
  batchesStarted: number;
  instances: number;
  bindings: number;
  workflowRuns: number;
  batchRuns: number;
  sessions: number;
  records: number;
  recordsFailed: number;
  accountsCompared: number;
  settingsCompared: number;
  battlesCompared: number;
  walletCompared: number;
  membersCompared: number;
  cursorsChecked: number;
  served: { battles: number; wallet: number; members: number };
  duplicates: number;
  missing: number;
  extra: number;
  unfinished: number;
  problems: string[];
  durationMs: number;
};

/** Accounts bound per demo server: one per house, so every store has exactly one live session. */
const BOUND = [
  ["acct-1001", "lucky-dragon"],
  ["acct-1002", "jade-palace"],
  ["acct-1004", "red-phoenix"],
  ["acct-1006", "golden-lotus"],
] as const;
const CATEGORIES = RUNNABLE_CATEGORIES;

/** mulberry32: a small seeded RNG, so a run's kill moments can be replayed from its seed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(100);
  }
}

function ctxFor(db: Database, actor: Actor): Ctx {
  return { db, actor, engine: { enqueue: (tx, events) => enqueueEvents(tx, workflows, events) } };
}

async function makeActor(db: Database, role: "super_admin" | "ops"): Promise<Actor> {
  const id = randomUUID();
  const email = `chaos-${role}-${id.slice(0, 8)}@syncdeck.local`;
  await db.insert(authUsers).values({ id, name: `chaos ${role}`, email, role });
  return { type: "user", id, label: email, role };
}

/** The engine process (scripts/chaos/engine-child.ts): spawned, waited for until it says `ready`. */
export async function startEngine(
  dbUrl: string,
  opts: { env?: Record<string, string>; onLine?: (line: string) => void; onLogLine?: (line: string) => void } = {},
): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const script = path.join(import.meta.dirname, "engine-child.ts");
  const child = spawn(process.execPath, ["--import", "tsx", script, dbUrl], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOG_LEVEL: "warn", ...opts.env },
    cwd: path.resolve(import.meta.dirname, "../.."),
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  let stderr = "";
  createInterface({ input: child.stderr! }).on("line", (l) => {
    stderr = (stderr + l + "\n").slice(-4000);
    opts.onLogLine?.(l);
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (l) => opts.onLine?.(l));
  await new Promise<void>((resolve, reject) => {
    lines.on("line", (l) => l.trim() === "ready" && resolve());
    child.once("exit", (code) => reject(new Error(`chaos: the engine exited (${code}) before it was ready: ${stderr}`)));
  });
  return { child, exited };
}

/** seq of a demo server cursor (`base64url("1.<gen>.<feed>.<seq>.<house>")`), 0 for none. */
function cursorSeq(cursor: string | null): number {
  if (!cursor) return 0;
  return Number(Buffer.from(cursor, "base64url").toString("utf8").split(".")[3] ?? NaN);
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const random = seededRandom(opts.seed);
  const { db, sql: client } = createDb(opts.dbUrl, { max: 6 });
  const servers: DemoGameServer[] = [];
  let engine: Awaited<ReturnType<typeof startEngine>> | null = null;
  try {
    const admin = await makeActor(db, "super_admin");
    const ops = await makeActor(db, "ops");

    // Batch instances, all reading the same upstream server.
    const instanceIds: string[] = [];
    for (let i = 0; i < opts.instances; i++) {
      const [row] = await db
        .insert(instances)
        .values({
          name: `chaos-pg-${String(i).padStart(2, "0")}-${randomUUID().slice(0, 4)}`,
          kind: "postgres",
          secretCiphertext: encryptSecret(opts.upstreamUrl),
          endpoint: postgresEndpoint(opts.upstreamUrl),
        })
        .returning({ id: instances.id });
      instanceIds.push(row!.id);
    }

    // Live sync: demo game servers with a short backlog, four bindings each, ticking every second.
    const bound: { server: DemoGameServer; houseId: string; storeId: string; liveSessionId: string }[] = [];
    for (let s = 0; s < opts.gameServers; s++) {
      const server = await startDemoGameServer({ port: 0, seed: opts.seed + s, backlogMs: 20_000 });
      servers.push(server);
      const [inst] = await db
        .insert(instances)
        .values({
          name: `chaos-game-${server.port}-${randomUUID().slice(0, 4)}`,
          kind: "game_server",
          secretCiphertext: encryptSecret(JSON.stringify({ baseUrl: server.url, operatorToken: server.directory.operatorToken })),
          endpoint: gameServerEndpoint(server.url),
        })
        .returning();
      await importDirectory(db, inst!.id, server.directory);
      for (const [accountExt, houseId] of BOUND) {
        const [account] = await db
          .select()
          .from(gameAccounts)
          .where(and(eq(gameAccounts.instanceId, inst!.id), eq(gameAccounts.externalId, accountExt)));
        const [store] = await db
          .select()
          .from(stores)
          .where(and(eq(stores.instanceId, inst!.id), eq(stores.externalId, houseId)));
        const { liveSession } = await bindAccount({ ctx: ctxFor(db, admin), input: { gameAccountId: account!.id, storeId: store!.id } });
        await updateStreamIntervals({
          ctx: ctxFor(db, admin),
          input: { liveSessionId: liveSession.id, intervals: { battles: 1, wallet: 1, members: 2 } },
        });
        bound.push({ server, houseId, storeId: store!.id, liveSessionId: liveSession.id });
      }
    }

    /** Keeps one batch of each category going, so every kill lands on batch work too. */
    let batchesStarted = 0;
    const topUpBatches = async () => {
      for (const category of CATEGORIES) {
        const [running] = await db
          .select({ id: syncSessions.id })
          .from(syncSessions)
          .where(and(eq(syncSessions.status, "running"), eq(syncSessions.syncCategory, category)))
          .limit(1);
        if (running) continue;
        try {
          await startBatch({ ctx: ctxFor(db, ops), input: { category, instanceIds } });
          batchesStarted++;
        } catch (err) {
          // A scheduled run may hold the instances; the next round tries again.
          log(`chaos: batch ${category} not started: ${(err as Error).message}`);
        }
      }
    };

    log(`chaos: seed ${opts.seed}, ${opts.kills} kills, ${opts.instances} instances, ${bound.length} bindings`);
    let kills = 0;
    let inFlightAtKills = 0;
    for (let k = 0; k < opts.kills; k++) {
      await topUpBatches();
      engine = await startEngine(opts.dbUrl);
      const upMs = Math.round(opts.upMs[0] + random() * (opts.upMs[1] - opts.upMs[0]));
      // New batches start while the engine lives too, so a kill rarely finds it idle.
      const killAt = Date.now() + upMs;
      while (Date.now() < killAt) {
        await sleep(Math.min(250, Math.max(0, killAt - Date.now())));
        if (Date.now() < killAt - 100) await topUpBatches();
      }
      const [busy] = await db.execute<{ n: number }>(sql`select count(*)::int as n from workflow_runs where status = 'running'`);
      engine.child.kill("SIGKILL");
      await engine.exited;
      engine = null;
      kills++;
      inFlightAtKills += busy?.n ?? 0;
      log(`chaos: kill ${kills}/${opts.kills} after ${upMs} ms with ${busy?.n ?? 0} runs in flight`);
    }

    // Settle: a last engine that lives; feeds frozen so "everything served" is a fixed target.
    engine = await startEngine(opts.dbUrl);
    for (const server of servers) await server.setKnobs({ rateMultiplier: 0 });
    const settleMs = opts.settleTimeoutMs ?? 120_000;
    await waitUntil(
      async () => {
        const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from sync_sessions where status = 'running'`);
        return row?.n === 0;
      },
      "every batch session to finish",
      settleMs,
    );
    await waitUntil(
      async () => {
        for (const b of bound) {
          const cursors = await db.select().from(streamCursors).where(eq(streamCursors.liveSessionId, b.liveSessionId));
          for (const c of cursors) if (cursorSeq(c.cursor) < b.server.items(b.houseId, c.stream).length) return false;
        }
        return true;
      },
      "every live stream to catch up with its game server",
      settleMs,
    );
    // Stop the live sessions so their tick chains end (a tick already past its sync step still
    // schedules one more, which then ends itself), then wait for the queue to drain.
    for (const b of bound) await setAutoSync({ ctx: ctxFor(db, ops), input: { liveSessionId: b.liveSessionId, enabled: false } });
    await waitUntil(
      async () => {
        const [row] = await db.execute<{ n: number }>(
          sql`select count(*)::int as n from workflow_runs where status in ('queued', 'running')`,
        );
        return row?.n === 0;
      },
      "the engine queue to drain",
      settleMs,
    );
    engine.child.kill("SIGTERM");
    await engine.exited;
    engine = null;

    const report = await check(db, bound, opts, kills);
    report.durationMs = Date.now() - started;
    report.runsInFlightAtKills = inFlightAtKills;
    report.batchesStarted = batchesStarted;
    return report;
  } finally {
    if (engine) {
      engine.child.kill("SIGKILL");
      await engine.exited;
    }
    for (const s of servers) await s.close();
    await client.end({ timeout: 5 });
  }
}

async function check(
  db: Database,
  bound: { server: DemoGameServer; houseId: string; storeId: string; liveSessionId: string }[],
  opts: ChaosOptions,
  kills: number,
): Promise<ChaosReport> {
  const problems: string[] = [];
  const problem = (p: string) => problems.length < 50 && problems.push(p);
  const one = async (q: ReturnType<typeof sql>) => ((await db.execute<{ n: number }>(q))[0]?.n ?? 0) as number;

  // Workflow runs: none left queued or running, no batch run given up.
  const runs = await db.execute<{ workflow_id: string; status: string; n: number }>(
    sql`select workflow_id, status, count(*)::int as n from workflow_runs group by 1, 2`,
  );
  const workflowRuns = runs.reduce((n, r) => n + r.n, 0);
  const unfinished = runs.filter((r) => r.status === "queued" || r.status === "running").reduce((n, r) => n + r.n, 0);
  if (unfinished) {
    const left = runs.filter((r) => r.status === "queued" || r.status === "running").map((r) => `${r.n} ${r.workflow_id} ${r.status}`);
    problem(`workflow runs still queued or running: ${left.join(", ")}`);
  }
  const batchRuns = runs.filter((r) => r.workflow_id === "batch-sync").reduce((n, r) => n + r.n, 0);
  for (const r of runs) if (r.workflow_id === "batch-sync" && r.status !== "completed") problem(`${r.n} batch runs ended ${r.status}`);

  // Sessions and records: all terminal, totals equal to their records.
  const sessions = await db.execute<{
    id: string;
    status: string;
    total_instances: number;
    successful_instances: number;
    failed_instances: number;
    records: number;
    completed: number;
    failed: number;
    open: number;
  }>(sql`
    select s.id, s.status, s.total_instances, s.successful_instances, s.failed_instances,
           count(r.id)::int as records,
           count(r.id) filter (where r.status = 'completed')::int as completed,
           count(r.id) filter (where r.status = 'failed')::int as failed,
           count(r.id) filter (where r.status in ('pending', 'running'))::int as open
    from sync_sessions s left join instance_records r on r.sync_session_id = s.id group by s.id`);
  let records = 0;
  let recordsFailed = 0;
  for (const s of sessions) {
    records += s.records;
    recordsFailed += s.failed;
    if (s.status === "running") problem(`session ${s.id} still running`);
    if (s.open) problem(`session ${s.id} has ${s.open} records not terminal`);
    if (s.total_instances !== s.records || s.successful_instances !== s.completed || s.failed_instances !== s.failed)
      problem(
        `session ${s.id} counts ${s.successful_instances}/${s.failed_instances}/${s.total_instances} ≠ records ${s.completed}/${s.failed}/${s.records}`,
      );
  }

  // Batch data: no duplicate keys; each instance's stored rows equal its latest completed record's count.
  let duplicates = 0;
  duplicates += await one(
    sql`select coalesce(sum(n - 1), 0)::int as n from (select count(*) as n from upstream_accounts group by instance_id, name having count(*) > 1) d`,
  );
  duplicates += await one(
    sql`select coalesce(sum(n - 1), 0)::int as n from (select count(*) as n from upstream_settings group by instance_id, name having count(*) > 1) d`,
  );
  duplicates += await one(
    sql`select coalesce(sum(n - 1), 0)::int as n from (select count(*) as n from capacity_samples group by instance_record_id, database_name having count(*) > 1) d`,
  );
  let missing = 0;
  let extra = 0;
  const compareLatest = async (category: "account" | "config", table: "upstream_accounts" | "upstream_settings") => {
    const rows = await db.execute<{ instance_id: string; expected: number; stored: number }>(sql`
      with latest as (
        select distinct on (r.instance_id) r.instance_id, r.items_synced
        from instance_records r join sync_sessions s on s.id = r.sync_session_id
        where s.sync_category = ${category} and r.status = 'completed'
        order by r.instance_id, r.completed_at desc)
      select l.instance_id, l.items_synced as expected,
             (select count(*)::int from ${sql.raw(table)} u where u.instance_id = l.instance_id and u.deleted_at is null) as stored
      from latest l`);
    for (const r of rows) {
      if (r.stored < r.expected) missing += r.expected - r.stored;
      if (r.stored > r.expected) extra += r.stored - r.expected;
      if (r.stored !== r.expected) problem(`${category} of instance ${r.instance_id}: ${r.stored} stored, last run synced ${r.expected}`);
    }
    return rows.reduce((n, r) => n + r.expected, 0);
  };
  const accountsCompared = await compareLatest("account", "upstream_accounts");
  const settingsCompared = await compareLatest("config", "upstream_settings");

  // Live data against each game server's full history.
  let battlesCompared = 0;
  let walletCompared = 0;
  let membersCompared = 0;
  let cursorsChecked = 0;
  const served = { battles: 0, wallet: 0, members: 0 };
  for (const b of bound) {
    const label = `${b.houseId}@${b.server.port}`;
    const stats = b.server.stats.feeds[b.houseId]!;
    for (const feed of ["battles", "wallet"] as const) {
      const table = feed === "battles" ? "battle_records" : "wallet_transactions";
      const stored = (
        await db.execute<{ id: string }>(sql`select external_id as id from ${sql.raw(table)} where store_id = ${b.storeId}`)
      ).map((r) => r.id);
      const history = b.server.items(b.houseId, feed).map((i) => i.id);
      const storedSet = new Set(stored);
      const historySet = new Set(history);
      duplicates += stored.length - storedSet.size;
      const lost = history.filter((id) => !storedSet.has(id)).length;
      const unknown = stored.filter((id) => !historySet.has(id)).length;
      missing += lost;
      extra += unknown;
      if (lost || unknown) problem(`${feed} of ${label}: ${lost} missing, ${unknown} not on the server`);
      if (stats[feed].lastSeq > storedSet.size)
        problem(`${feed} of ${label}: served up to #${stats[feed].lastSeq}, ${storedSet.size} stored`);
      served[feed] += stats[feed].items;
      if (feed === "battles") battlesCompared += history.length;
      else walletCompared += history.length;
    }
    const members = b.server.items(b.houseId, "members");
    const expected = new Map<string, { role: string; present: boolean }>();
    for (const e of members) expected.set(e.playerId, { role: e.role, present: e.change !== "left" });
    const storedMembers = await db.execute<{ player_id: string; role: string; present: boolean }>(sql`
      select player_id, role, left_at is null as present from store_members where store_id = ${b.storeId}`);
    served.members += stats.members.items;
    membersCompared += members.length;
    if (storedMembers.length !== expected.size)
      problem(`members of ${label}: ${storedMembers.length} stored, ${expected.size} on the server`);
    for (const m of storedMembers) {
      const e = expected.get(m.player_id);
      if (!e || e.role !== m.role || e.present !== m.present) problem(`member ${m.player_id} of ${label} differs from the server's roster`);
    }
    missing += [...expected.keys()].filter((id) => !storedMembers.some((m) => m.player_id === id)).length;

    // Cursors: position equals what is stored, running totals and success logs agree with the rows.
    const cursors = await db.select().from(streamCursors).where(eq(streamCursors.liveSessionId, b.liveSessionId));
    for (const c of cursors) {
      cursorsChecked++;
      const historyLength = b.server.items(b.houseId, c.stream).length;
      const seq = cursorSeq(c.cursor);
      const storedCount =
        c.stream === "battles"
          ? await one(sql`select count(*)::int as n from battle_records where store_id = ${b.storeId}`)
          : c.stream === "wallet"
            ? await one(sql`select count(*)::int as n from wallet_transactions where store_id = ${b.storeId}`)
            : historyLength;
      const logged = await one(
        sql`select coalesce(sum(records_synced), 0)::int as n from sync_logs where live_session_id = ${b.liveSessionId} and stream = ${c.stream} and status = 'success'`,
      );
      if (seq !== historyLength || seq !== storedCount)
        problem(`cursor of ${c.stream} of ${label} at #${seq}; server has ${historyLength}, stored ${storedCount}`);
      if (Number(c.recordsTotal) !== storedCount)
        problem(`records total of ${c.stream} of ${label} is ${c.recordsTotal}, stored ${storedCount}`);
      if (logged !== storedCount) problem(`sync logs of ${c.stream} of ${label} add up to ${logged}, stored ${storedCount}`);
    }
    const [games] = await db.execute<{ played: number; counted: number }>(sql`
      select (select coalesce(sum(jsonb_array_length(players)), 0)::int from battle_records where store_id = ${b.storeId}) as played,
             (select coalesce(sum(games), 0)::int from player_stats where store_id = ${b.storeId}) as counted`);
    if (games && games.played !== games.counted)
      problem(`player statistics of ${label} count ${games.counted} games, battles hold ${games.played}`);
  }

  const [states] = await db.execute<{ n: number }>(sql`select count(*)::int as n from live_sessions where state = 'error'`);
  if (states?.n) problem(`${states.n} live sessions ended in error`);
  return {
    seed: opts.seed,
    kills,
    runsInFlightAtKills: 0,
    batchesStarted: 0,
    instances: opts.instances,
    bindings: bound.length,
    workflowRuns,
    batchRuns,
    sessions: sessions.length,
    records,
    recordsFailed,
    accountsCompared,
    settingsCompared,
    battlesCompared,
    walletCompared,
    membersCompared,
    cursorsChecked,
    served,
    duplicates,
    missing,
    extra,
    unfinished,
    problems,
    durationMs: 0,
  };
}

export function formatReport(r: ChaosReport): string {
  return (
    `kills: ${r.kills} (${r.runsInFlightAtKills} runs in flight when killed), batches: ${r.batchesStarted}, runs: ${r.workflowRuns} (${r.batchRuns} batch), sessions: ${r.sessions}, records: ${r.records} (${r.recordsFailed} failed), ` +
    `accounts compared: ${r.accountsCompared}, settings compared: ${r.settingsCompared}, battles compared: ${r.battlesCompared}, ` +
    `wallet compared: ${r.walletCompared}, member events compared: ${r.membersCompared}, cursors: ${r.cursorsChecked}, ` +
    `duplicates: ${r.duplicates}, missing: ${r.missing}, extra: ${r.extra}, unfinished: ${r.unfinished}, problems: ${r.problems.length}`
  );
}
