import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { generateEncryptionKey } from "@/lib/crypto/secrets";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/embedded-postgres";
import { assertPortFree } from "@/lib/process-tools";
export { latencyProxy } from "@/lib/test-network";
import { EmbeddedRunner } from "@/lib/engine/runner";
import { workflows } from "@/lib/workflows";

process.env.SYNCDECK_ENCRYPTION_KEY ??= generateEncryptionKey();

const require = createRequire(import.meta.url);
const root = process.cwd();

/** One row of the closing table: a target (docs/targets.md) and what this machine measured. */
export type BenchResult = { target: string; measured: string; met: boolean | null };

/** `--sessions=N` (default 500,000) or `--full` (1,000,000). */
export function benchArgs() {
  const arg = process.argv.find((a) => a.startsWith("--sessions="));
  const sessions = arg ? Number(arg.split("=")[1]) : process.argv.includes("--full") ? 1_000_000 : 500_000;
  if (!Number.isInteger(sessions) || sessions < 1) throw new Error(`--sessions must be a positive integer (got ${arg})`);
  return { sessions };
}

/** True when the module at `url` is the script node was started with (not imported by bench/all.ts). */
export function isMain(url: string) {
  return !!process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === url;
}

/** Runs a bench script on its own: prints its figures, cleans up, exits. */
export async function runAlone(name: string, fn: () => Promise<BenchResult[]>) {
  let code = 0;
  try {
    const results = await fn();
    printTable(name, results);
  } catch (err) {
    console.error(err);
    code = 1;
  } finally {
    await shutdownBench();
  }
  process.exit(code);
}

export function printTable(title: string, results: BenchResult[]) {
  const w1 = Math.max(6, ...results.map((r) => r.target.length));
  const w2 = Math.max(8, ...results.map((r) => r.measured.length));
  const line = (a: string, b: string, c: string) => `| ${a.padEnd(w1)} | ${b.padEnd(w2)} | ${c.padEnd(5)} |`;
  console.log(`\n${title}`);
  console.log(line("target", "measured", "met?"));
  console.log(`|${"-".repeat(w1 + 2)}|${"-".repeat(w2 + 2)}|-------|`);
  for (const r of results) console.log(line(r.target, r.measured, r.met === null ? "—" : r.met ? "yes" : "NO"));
}

// ---------------------------------------------------------------------------------------------
// The bench's own PostgreSQL: embedded under .data/bench-pg (BENCH_DATABASE_URL points elsewhere).

export const BENCH_PG_PORT = Number(process.env.SYNCDECK_BENCH_PG_PORT ?? 54349);
const g = globalThis as unknown as {
  benchServer?: Promise<{ serverUrl: string; server: EmbeddedServer | null }>;
  benchTemplate?: Promise<void>;
};

export function benchServer() {
  g.benchServer ??= (async () => {
    const external = process.env.BENCH_DATABASE_URL;
    if (external) {
      const u = new URL(external);
      if (!["localhost", "127.0.0.1", "::1"].includes(u.hostname)) throw new Error("BENCH_DATABASE_URL must be a local server");
      u.pathname = "/postgres";
      return { serverUrl: u.toString(), server: null };
    }
    // Another port gets a data directory of its own, so two bench runs can go side by side.
    const dir = path.join(root, ".data", BENCH_PG_PORT === 54349 ? "bench-pg" : `bench-pg-${BENCH_PG_PORT}`);
    const server = await startEmbeddedPostgres({ dir, port: BENCH_PG_PORT, portVariable: "SYNCDECK_BENCH_PG_PORT" });
    return { serverUrl: server.url("postgres"), server };
  })();
  return g.benchServer;
}

export function databaseUrl(serverUrl: string, name: string) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (sql: postgres.Sql) => Promise<T>) {
  const { serverUrl } = await benchServer();
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** A new empty, migrated database on the bench server (dropped first if it exists). */
export async function freshDatabase(name: string) {
  const { serverUrl } = await benchServer();
  g.benchTemplate ??= (async () => {
    await admin(async (sql) => {
      await sql.unsafe(`drop database if exists bench_template with (force)`);
      await sql.unsafe(`create database bench_template`);
    });
    await runMigrations(databaseUrl(serverUrl, "bench_template"));
  })();
  await g.benchTemplate;
  await admin(async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name} template bench_template`);
  });
  return databaseUrl(serverUrl, name);
}

/** A fresh database on the bench server with a client; `close` ends the client. */
export async function benchDatabase(prefix: string) {
  const name = `${prefix}_${process.pid}`;
  const url = await freshDatabase(name);
  const handle = createDb(url, { max: 12 });
  return {
    ...handle,
    url,
    name,
    close: async () => {
      await handle.sql.end({ timeout: 5 });
      await admin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).catch(() => {});
    },
  };
}

export function benchRunner(handle: ReturnType<typeof createDb>) {
  return new EmbeddedRunner({ db: handle.db, sql: handle.sql, workflows, logger: pino({ level: "silent" }), pollMs: 50 });
}

// ---------------------------------------------------------------------------------------------
// The production app on a bench database: scripts/start.ts, as npm start and Playwright run it.

export const BENCH_APP_PORT = Number(process.env.SYNCDECK_BENCH_APP_PORT ?? 3249);
const apps = new Map<string, Promise<{ url: string; child: ChildProcess }>>();

export function benchApp(dbUrl: string) {
  let app = apps.get(dbUrl);
  if (app) return app;
  if (apps.size) throw new Error("one bench app at a time");
  app = (async () => {
    const url = `http://localhost:${BENCH_APP_PORT}`;
    // A foreign server on the port would be measured as Syncdeck: refuse it by name, and accept
    // only health answers carrying the instance id given to this app.
    await assertPortFree(BENCH_APP_PORT, "127.0.0.1", "SYNCDECK_BENCH_APP_PORT");
    const instanceId = randomUUID();
    mkdirSync(path.join(root, ".data"), { recursive: true });
    const log = createWriteStream(path.join(root, ".data", "bench-app.log"));
    console.log(`[bench] starting the production app on ${url} (building first if sources changed; log in .data/bench-app.log)`);
    const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/start.ts"], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PORT: String(BENCH_APP_PORT),
        DATABASE_URL: dbUrl,
        BETTER_AUTH_URL: url,
        NEXT_TELEMETRY_DISABLED: "1",
        LOG_LEVEL: "warn",
        // The seeded history spans 30 days; retention must not delete it mid-bench.
        SYNCDECK_RETENTION_DAYS: "36500",
        SYNCDECK_DEMO: "",
        SYNCDECK_INSTANCE_ID: instanceId,
      },
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    let exited = false;
    child.on("exit", () => (exited = true));
    for (let i = 0; ; i++) {
      if (exited) throw new Error("the app exited while starting; see .data/bench-app.log");
      if (i > 1200) throw new Error("the app did not answer /api/health within 10 minutes");
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok && ((await res.json()) as { instance?: string }).instance === instanceId) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    return { url, child };
  })();
  apps.set(dbUrl, app);
  return app;
}

async function stopApps() {
  for (const app of apps.values()) {
    const { child } = await app.catch(() => ({ child: null }));
    if (!child || child.exitCode !== null) continue;
    const done = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGTERM");
    const t = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 15_000);
    await done;
    clearTimeout(t);
  }
  apps.clear();
}

/** Stops what the bench started: the app, then the embedded PostgreSQL. */
export async function shutdownBench() {
  await stopApps();
  const s = await g.benchServer?.catch(() => null);
  if (s?.server && !s.server.reused) await s.server.stop().catch(() => {});
  g.benchServer = undefined;
}

// ---------------------------------------------------------------------------------------------

export const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
