/**
 * Seeds N finished sync sessions (default 500,000; --full for 1,000,000; --sessions=N) with 2–4
 * instance records each over 50 instances, one live-session sync log per session, the rollups and
 * the search text, by COPY with the secondary indexes dropped and rebuilt afterwards.
 * Run: npx tsx bench/seed.ts [--sessions=N | --full]
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { authUsers, bindings, gameAccounts, instances, liveSessions, stores, syncSchedules } from "@/db/schema";
import { rebuildSessionRollups } from "@/lib/analytics/rollup";
import { encryptSecret } from "@/lib/crypto/secrets";
import { SEARCH_TEXT_MAX } from "@/lib/search/search-text";
import { benchArgs, benchServer, databaseUrl, freshDatabase, int, isMain, runAlone, type BenchResult } from "./support";
import { LIVE_STREAMS, RUNNABLE_CATEGORIES } from "@/lib/domain/values";

export const SEED_INSTANCES = 50;
const LIVE_SESSIONS = 10;
const SPAN_MS = 30 * 86_400_000 - 3_600_000;
const USERS = ["bench-ops-1", "bench-ops-2", "bench-admin"];
const REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-south"];
const ROLES = ["orders", "billing", "catalog", "identity", "analytics", "ledger", "search", "reports", "inventory", "payments"];
const ERRORS: Record<string, string[]> = {
  network: ["could not reach the server (connection refused)", "connection reset by the server", "host name not found"],
  auth: ['password authentication failed for user "sync"', "the server refused the credentials"],
  timeout: ["query timed out after 30 s", "connect timed out after 10 s"],
  permission: ["permission denied for table pg_authid", "permission denied to read role memberships"],
  upstream_data: ["the server answered with rows we could not read"],
  internal: ["unexpected error while saving the snapshot"],
};
const CLASSES = Object.keys(ERRORS);
// What run-instance-record.ts stores in a failed record's details.
const ERROR_CODES: Record<string, string> = {
  network: "ECONNREFUSED",
  auth: "28P01",
  timeout: "ETIMEDOUT",
  permission: "42501",
  upstream_data: "22P02",
  internal: "XX000",
};

/** mulberry32: a small seeded PRNG, so the same N seeds the same data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version 7 UUID for the moment `ms`, as the database's syncdeck_uuidv7() makes them. */
function uuidV7(ms: number, rand: () => number) {
  const h = (n: number) =>
    Math.floor(rand() * 16 ** n)
      .toString(16)
      .padStart(n, "0");
  const t = ms.toString(16).padStart(12, "0");
  return `${t.slice(0, 8)}-${t.slice(8)}-7${h(3)}-${"89ab"[Math.floor(rand() * 4)]}${h(3)}-${h(6)}${h(6)}`;
}

const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
const N = "\\N";
const iso = (ms: number) => new Date(ms).toISOString();

/** A COPY … FROM STDIN that waits for the server when it falls behind. */
async function copyStream(sql: postgres.Sql, statement: string) {
  const w: Writable = await sql.unsafe(statement).writable();
  const done = new Promise<void>((resolve, reject) => {
    w.on("finish", resolve);
    w.on("close", resolve);
    w.on("error", reject);
  });
  return {
    write: (chunk: string) => (w.write(chunk) ? Promise.resolve() : new Promise<void>((r) => w.once("drain", r))),
    end: async () => {
      w.end();
      await done;
    },
  };
}

type SeedOptions = {
  url: string;
  sessions: number;
  log?: (line: string) => void;
  now?: number;
  /** Keep every index in place during the load, so each row is added as the product adds it (slower). */
  maintainIndexes?: boolean;
};

/** Seeds an empty, migrated database. Returns row counts and timings. */
export async function seed({ url, sessions, log = () => {}, now = Date.now(), maintainIndexes = false }: SeedOptions) {
  const t0 = performance.now();
  const { db, sql } = createDb(url, { max: 2 });
  // FK triggers off (replica role) and no fsync wait: the seed checks its own consistency.
  const copySql = postgres(url, {
    max: 4,
    onnotice: () => {},
    connection: { session_replication_role: "replica", synchronous_commit: "off" },
  });
  try {
    await db
      .insert(authUsers)
      .values(
        USERS.map((id) => ({
          id,
          name: id,
          email: `${id}@bench.local`,
          role: id === "bench-admin" ? ("super_admin" as const) : ("ops" as const),
        })),
      )
      .onConflictDoNothing();
    // Scheduled runs would sync the fake instances: the bench's schedules are off.
    await db
      .insert(syncSchedules)
      .values(RUNNABLE_CATEGORIES.map((category) => ({ category, cron: "0 * * * *", enabled: false })))
      .onConflictDoUpdate({ target: syncSchedules.category, set: { enabled: false } });
    const secret = encryptSecret("postgres://sync:never-used@127.0.0.1:9/none");
    const inst = await db
      .insert(instances)
      .values(
        Array.from({ length: SEED_INSTANCES }, (_, k) => {
          const name = `${ROLES[k % ROLES.length]}-${REGIONS[Math.floor(k / ROLES.length) % REGIONS.length]}-${String(k + 1).padStart(2, "0")}`;
          return { name, kind: "postgres" as const, enabled: false, secretCiphertext: secret, endpoint: `${name}.db.internal:5432/app` };
        }),
      )
      .returning({ id: instances.id, name: instances.name });
    const [game] = await db
      .insert(instances)
      .values({ name: "bench-game-server", kind: "game_server", enabled: false, secretCiphertext: secret, endpoint: "127.0.0.1:9" })
      .returning();
    const live: string[] = [];
    for (let k = 0; k < LIVE_SESSIONS; k++) {
      const [store] = await db
        .insert(stores)
        .values({ instanceId: game!.id, externalId: `house-${k}`, name: `House ${k}` })
        .returning();
      const [acct] = await db
        .insert(gameAccounts)
        .values({ instanceId: game!.id, externalId: `acct-${k}`, username: `player_${k}`, houseIds: [`house-${k}`] })
        .returning();
      const [binding] = await db
        .insert(bindings)
        .values({ gameAccountId: acct!.id, storeId: store!.id, createdBy: "bench-admin" })
        .returning();
      const [ls] = await db.insert(liveSessions).values({ bindingId: binding!.id, state: "inactive", autoSyncEnabled: false }).returning();
      live.push(ls!.id);
    }

    // Secondary indexes go and come back after the load (one sorted build beats 2 million inserts).
    const tables = ["sync_sessions", "instance_records", "sync_logs"];
    const indexes = maintainIndexes
      ? []
      : await sql<{ name: string; def: string }[]>`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any(${tables})
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
    for (const ix of indexes) await sql.unsafe(`drop index "${ix.name}"`);

    const sess = await copyStream(
      copySql,
      `copy sync_sessions (id, sync_type, sync_category, status, started_at, completed_at, total_instances, successful_instances, failed_instances, created_by, cancelled_by, cancelled_at, failure_class, search_text) from stdin`,
    );
    const recs = await copyStream(
      copySql,
      `copy instance_records (id, sync_session_id, instance_id, status, started_at, completed_at, items_synced, items_created, items_updated, items_deleted, error_message, attempt, failure_class, error_detail, details, fetch_ms) from stdin`,
    );
    const logs = await copyStream(
      copySql,
      `copy sync_logs (live_session_id, stream, started_at, finished_at, records_synced, status, error, failure_class) from stdin`,
    );
    const rand = prng(sessions * 7919 + 17);
    let records = 0;
    let sLines: string[] = [];
    let rLines: string[] = [];
    let lLines: string[] = [];
    const flush = async () => {
      await Promise.all([sess.write(sLines.join("")), recs.write(rLines.join("")), logs.write(lLines.join(""))]);
      sLines = [];
      rLines = [];
      lLines = [];
    };
    // Oldest first, as the product inserts them: time-ordered keys then fill the primary keys as in production.
    for (let i = sessions - 1; i >= 0; i--) {
      const started = now - 120_000 - Math.floor((i / sessions) * SPAN_MS) - Math.floor(rand() * (SPAN_MS / sessions));
      const id = uuidV7(started, rand);
      const manual = rand() < 0.25;
      const c = rand();
      const category = c < 0.45 ? "account" : c < 0.8 ? "capacity" : "config";
      const r = rand();
      // The newest few are still running; the rest finished.
      const outcome = i < 5 ? "running" : r < 0.04 ? "cancelled" : r < 0.08 ? "failed" : r < 0.2 ? "partial" : "completed";
      const k = 2 + Math.floor(rand() * 3);
      const first = Math.floor(rand() * SEED_INSTANCES);
      const names: string[] = [];
      const errors = new Set<string>();
      const classes: string[] = [];
      let ok = 0;
      let failed = 0;
      let end = started;
      const cancelAt = started + 1000 + Math.floor(rand() * 20_000);
      for (let j = 0; j < k; j++) {
        const instance = inst[(first + j * 7) % SEED_INSTANCES]!;
        names.push(instance.name);
        const rStart = started + 20 + j * 15;
        const dur = Math.floor(200 * Math.exp(rand() * Math.log(300)));
        const fail = outcome === "failed" || (outcome === "partial" && (j === 0 || rand() < 0.3));
        let status: string = fail ? "failed" : "completed";
        if (outcome === "running") status = j === 0 ? "running" : "pending";
        if (outcome === "cancelled" && rStart + dur > cancelAt) status = "cancelled";
        const finished = status === "completed" || status === "failed" ? rStart + dur : status === "cancelled" ? cancelAt : null;
        if (finished) end = Math.max(end, finished);
        const items =
          category === "account"
            ? 5 + Math.floor(rand() * 200)
            : category === "capacity"
              ? 1 + Math.floor(rand() * 20)
              : 200 + Math.floor(rand() * 150);
        let err = N;
        let cls = N;
        let detail = N;
        if (status === "failed") {
          failed++;
          cls = CLASSES[Math.floor(rand() * rand() * CLASSES.length)]!;
          const pool = ERRORS[cls]!;
          err = pool[Math.floor(rand() * pool.length)]!;
          errors.add(err);
          classes.push(cls);
          detail = esc(`${err} (${instance.name}.db.internal:5432)`);
        } else if (status === "completed") ok++;
        const done = status === "completed";
        rLines.push(
          `${uuidV7(started, rand)}\t${id}\t${instance.id}\t${status}\t${status === "pending" ? N : iso(rStart)}\t${finished ? iso(finished) : N}\t${done ? items : 0}\t${done ? Math.floor(items * rand() * 0.05) : 0}\t${done ? Math.floor(items * rand() * 0.1) : 0}\t${done ? Math.floor(rand() * 2) : 0}\t${err === N ? N : esc(err)}\t${status === "pending" ? 0 : 1}\t${cls}\t${detail}\t${status === "failed" ? `{"errorCode": "${ERROR_CODES[cls]}"}` : N}\t${done ? Math.floor(dur * 0.7) : N}\n`,
        );
        records++;
      }
      const status =
        outcome === "running" ? "running" : outcome === "cancelled" ? "cancelled" : failed > 0 && ok === 0 ? "failed" : "completed";
      const cls = classes.length ? classes.sort()[0]! : N;
      const search = [...new Set(names)].sort().join(" ") + (errors.size ? " " + [...errors].sort().join(" ") : "");
      const by = manual ? USERS[Math.floor(rand() * USERS.length)]! : N;
      const completedAt = status === "running" ? N : iso(status === "cancelled" ? cancelAt : end + 30);
      sLines.push(
        `${id}\t${manual ? "manual_batch" : "scheduled"}\t${category}\t${status}\t${iso(started)}\t${completedAt}\t${k}\t${ok}\t${failed}\t${by}\t${status === "cancelled" ? by : N}\t${status === "cancelled" ? iso(cancelAt) : N}\t${cls}\t${esc(search.toLowerCase().slice(0, SEARCH_TEXT_MAX))}\n`,
      );
      const logStart = now - Math.floor(rand() * SPAN_MS);
      const logOk = rand() < 0.97;
      lLines.push(
        `${live[i % LIVE_SESSIONS]}\t${LIVE_STREAMS[i % 3]}\t${iso(logStart)}\t${iso(logStart + 50 + Math.floor(rand() * 450))}\t${logOk ? Math.floor(rand() * 100) : 0}\t${logOk ? "success" : "error"}\t${logOk ? N : "could not reach the game server (connection refused)"}\t${logOk ? N : "network"}\n`,
      );
      if (sLines.length >= 2000) await flush();
    }
    await flush();
    await Promise.all([sess.end(), recs.end(), logs.end()]);
    const tCopy = performance.now();
    log(`copied ${int(sessions)} sessions, ${int(records)} records, ${int(sessions)} logs in ${((tCopy - t0) / 1000).toFixed(1)} s`);

    // Two index builds at a time (two cores), each with room to sort in memory.
    const queue = [...indexes];
    const idxSql = postgres(url, {
      max: 2,
      onnotice: () => {},
      connection: { maintenance_work_mem: "512MB", max_parallel_maintenance_workers: 0 },
    });
    await Promise.all(
      [0, 1].map(async () => {
        for (let ix = queue.shift(); ix; ix = queue.shift()) await idxSql.unsafe(ix.def);
      }),
    );
    await idxSql.end();
    const tIndex = performance.now();
    log(`rebuilt ${indexes.length} indexes in ${((tIndex - tCopy) / 1000).toFixed(1)} s`);
    const rollups = await rebuildSessionRollups(db);
    await sql.unsafe(`vacuum analyze sync_sessions, instance_records, sync_logs, session_rollups, session_rollups_daily`);
    const tEnd = performance.now();
    log(`rollups (${int(rollups)} rows) and vacuum analyze in ${((tEnd - tIndex) / 1000).toFixed(1)} s`);
    const rows = sessions * 2 + records;
    return {
      sessions,
      records,
      logs: sessions,
      rollups,
      seconds: (tEnd - t0) / 1000,
      copySeconds: (tCopy - t0) / 1000,
      rowsPerSecond: rows / ((tEnd - t0) / 1000),
    };
  } finally {
    await copySql.end();
    await sql.end();
  }
}

/** What marks a seeded database as complete and current: N and the newest migration. */
function seedMark(sessions: number) {
  const journal = readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"));
  const seeder = readFileSync(path.join(process.cwd(), "bench/seed.ts"));
  return `syncdeck bench seed: ${sessions} sessions, migrations and seeder ${createHash("sha1").update(journal).update(seeder).digest("hex").slice(0, 12)}`;
}

const seededName = (sessions: number) => `bench_sessions_${sessions}`;

/** Seeds bench_sessions_<N> from scratch and marks it complete. */
export async function seedBenchDatabase(sessions: number): Promise<BenchResult[]> {
  const url = await freshDatabase(seededName(sessions));
  console.log(`[bench] seeding ${int(sessions)} sessions into ${seededName(sessions)}…`);
  const r = await seed({ url, sessions, log: (l) => console.log(`[bench]   ${l}`) });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe(`comment on database ${seededName(sessions)} is '${seedMark(sessions)}'`);
  await sql.end();
  console.log(`[bench] seeded ${int(r.sessions + r.records + r.logs)} rows in ${r.seconds.toFixed(1)} s (${int(r.rowsPerSecond)} rows/s)`);
  return [
    {
      target: `seed ${int(sessions)} sessions (${int(r.records)} records, ${int(r.logs)} logs)`,
      measured: `${r.seconds.toFixed(1)} s, ${int(r.rowsPerSecond)} rows/s`,
      met: null,
    },
  ];
}

/** The seeded database for N sessions: reused when a complete seed of the current schema is there, else seeded now. */
export async function seededDatabase(sessions: number) {
  const { serverUrl } = await benchServer();
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ mark: string | null }[]>`
    select shobj_description(oid, 'pg_database') as mark from pg_database where datname = ${seededName(sessions)}`;
  await sql.end();
  if (row?.mark !== seedMark(sessions)) await seedBenchDatabase(sessions);
  return databaseUrl(serverUrl, seededName(sessions));
}

if (isMain(import.meta.url)) await runAlone("seed", () => seedBenchDatabase(benchArgs().sessions));
