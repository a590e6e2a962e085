/**
 * `npm start`: embedded PostgreSQL (unless DATABASE_URL), migrations, demo data, the Next.js
 * app with the sync engine inside it. Prints the URL and the demo logins.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { DEMO_USERS, ensureUser } from "@/lib/demo/users";
import { ensureDemoGameServer } from "@/lib/demo/game-server";
import { ensureDemoInstances } from "@/lib/demo/instances";
import { startDemoGameServer, type DemoGameServer } from "@/lib/game-server/demo-server";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from "@/lib/embedded-postgres";
import { demoUsersWithPublishedPassword, exposureRefusal } from "@/lib/demo/exposure";
import { alive, assertPortFree, descendants, isLoopback, launcherAncestors } from "@/lib/process-tools";
import { engineMode } from "@/lib/engine/mode";
import { ensureLocalSecrets } from "@/lib/local-secrets";
import { ensureDefaultSchedules } from "@/lib/schedules/queries";
import { backfillSessionRollupsIfEmpty } from "@/lib/analytics/rollup";

const require = createRequire(import.meta.url);
const root = process.cwd();
const dataDir = path.resolve(process.env.SYNCDECK_DATA_DIR ?? path.join(root, ".data"));
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
// Loopback only unless HOST says otherwise (HOST=0.0.0.0 exposes it; see exposureRefusal).
const host = process.env.HOST || "127.0.0.1";
// Passed to the app, which returns it from /api/health: "up" means our own child answered.
const instanceId = process.env.SYNCDECK_INSTANCE_ID || randomUUID();
const t0 = Date.now();
const say = (msg: string) => console.log(`[syncdeck] ${msg}`);

let embedded: EmbeddedServer | null = null;
let app: ChildProcess | null = null;
let gameServer: DemoGameServer | null = null;
let shuttingDown = false;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops the app (and whatever it started), the demo game server, then PostgreSQL: within 10 s. */
async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  say("stopping…");
  if (app?.pid && app.exitCode === null && app.signalCode === null) {
    const tree = descendants(app.pid);
    const exited = new Promise((r) => app!.once("exit", r));
    app.kill("SIGTERM");
    await Promise.race([exited, wait(5_000)]);
    for (const pid of [app.pid, ...tree]) if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  await Promise.race([gameServer?.close().catch(() => {}), wait(1_000)]);
  if (embedded && !embedded.reused) await embedded.stop().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));
// npm does not pass SIGTERM on to its script's processes (it and `sh -c` just go): stop when a
// launcher above us is gone, so a process manager's SIGTERM to npm leaves nothing running.
const launchers = launcherAncestors();
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent || launchers.some((pid) => !alive(pid))) void shutdown(0);
}, 300).unref();

/**
 * The demo game server's clock origin, kept in .data so stored cursors stay valid across
 * restarts; after a day it starts over (new item ids) so its history stays small.
 */
function demoEpoch(): number {
  const file = path.join(dataDir, "demo-game-epoch");
  const saved = existsSync(file) ? Number(readFileSync(file, "utf8")) : NaN;
  if (Number.isFinite(saved) && Date.now() - saved < 86_400_000) return saved;
  const epoch = Date.now() - 10 * 60_000;
  writeFileSync(file, String(epoch));
  return epoch;
}

function newestSourceMtime(): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ["app", "components", "lib", "db", "inngest"]) walk(path.join(root, d));
  for (const f of ["next.config.ts", "instrumentation.ts", "proxy.ts", "package.json"]) {
    if (existsSync(f)) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const buildId = path.join(root, process.env.SYNCDECK_NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (process.env.SYNCDECK_SKIP_BUILD === "1" && existsSync(buildId)) return;
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newestSourceMtime()) return;
  say("building the app (first start or sources changed; takes a minute or two)…");
  const r = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

async function main() {
  ensureLocalSecrets(dataDir);
  let databaseUrl = process.env.DATABASE_URL;
  const useDemo = !databaseUrl || process.env.SYNCDECK_DEMO === "1";
  const gamePort = Number(process.env.SYNCDECK_DEMO_GAME_PORT ?? 4600);
  // Taken ports fail now, by name, not after a minute of setup (or never, with a foreign "up").
  await assertPortFree(port, host, "PORT");
  if (useDemo) await assertPortFree(gamePort, "127.0.0.1", "SYNCDECK_DEMO_GAME_PORT");
  if (!databaseUrl) {
    const pgPort = Number(process.env.SYNCDECK_PG_PORT ?? 54329);
    say(`starting embedded PostgreSQL on 127.0.0.1:${pgPort}`);
    embedded = await startEmbeddedPostgres({ dir: path.join(dataDir, "pg"), port: pgPort, portVariable: "SYNCDECK_PG_PORT" });
    say(
      `PostgreSQL ${embedded.reused ? "already running" : "started"}, data in ${path.relative(root, embedded.dataDir) || embedded.dataDir}`,
    );
    databaseUrl = embedded.url("syncdeck");
  } else {
    say("using the PostgreSQL server in DATABASE_URL");
  }
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);

  const { db, sql } = createDb(databaseUrl, { max: 2 });
  for (const u of DEMO_USERS) await ensureUser(db, u);
  await ensureDefaultSchedules(db);
  // Upgrades: runs that finished before session_rollups existed are counted once.
  const rolledUp = await backfillSessionRollupsIfEmpty(db);
  if (rolledUp) say(`analytics: ${rolledUp} rollup rows built from existing sessions`);
  const refusal = exposureRefusal(host, await demoUsersWithPublishedPassword(db), process.env.SYNCDECK_ALLOW_DEMO_PASSWORDS);
  if (refusal) {
    await sql.end();
    throw new Error(refusal);
  }
  const demo = useDemo ? await ensureDemoInstances(db, databaseUrl) : [];
  if (useDemo) {
    gameServer = await startDemoGameServer({ port: gamePort, seed: 42, epochMs: demoEpoch() });
    await ensureDemoGameServer(db, gameServer.url, gameServer.directory);
    demo.push(
      `demo-game-server (${gameServer.url}, ${gameServer.directory.houses.length} stores, ${gameServer.directory.accounts.length} game accounts)`,
    );
  }
  await sql.end();

  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SYNCDECK_INSTANCE_ID: instanceId };
  if (!dev) buildIfStale();
  await assertPortFree(port, host, "PORT"); // again: the build can take minutes
  const next = require.resolve("next/dist/bin/next");
  app = spawn(process.execPath, [next, dev ? "dev" : "start", "-H", host, "-p", String(port)], {
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  app.on("exit", (code, signal) => {
    if (!shuttingDown) {
      say(`app exited (${signal ?? `code ${code}`}) before Syncdeck was up`);
      void shutdown(code || 1);
    }
  });

  const probe = `http://${isLoopback(host) || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}/api/health`;
  for (let i = 0; ; i++) {
    if (shuttingDown) return;
    if (i >= 600) throw new Error(`the app did not answer ${probe} within 5 minutes`);
    try {
      const res = await fetch(probe, { signal: AbortSignal.timeout(5_000) });
      const body = (await res.json().catch(() => null)) as { instance?: string } | null;
      // Another server's answer (it took the port after our check) is never "up": our app then
      // exits with EADDRINUSE, and that ends this start.
      if (res.ok && body?.instance === instanceId && app.exitCode === null) break;
    } catch {}
    await wait(500);
  }
  const url = `http://${isLoopback(host) || host === "0.0.0.0" || host === "::" ? "localhost" : host}:${port}`;
  const lines = [
    "",
    `Syncdeck is up at ${url}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s, engine: ${engineMode()}, listening on ${host})`,
    "Demo sign-ins:",
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(12)} ${u.email.padEnd(24)} password: ${u.password}`),
    demo.length ? `Demo instances: ${demo.join(", ")}` : "",
    "Press Ctrl-C to stop.",
    "",
  ];
  console.log(lines.join("\n"));
}

main().catch(async (err) => {
  // One line, never a stack: PostgreSQL's reason, the taken port, the refusal.
  console.error(`[syncdeck] start failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
