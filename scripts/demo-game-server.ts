/**
 * Runs the demo game server on its own:
 *
 *   npx tsx scripts/demo-game-server.ts --port 4600 --seed 42 [--control-port 4601]
 *     [--epoch <ms|ISO> | --epoch-file .data/demo-game-server.json] [--backlog-minutes 10]
 *     [--latency-ms N] [--error-rate 0..1] [--malformed-rate 0..1] [--drop-rate 0..1] [--rate-limit-rate 0..1]
 *     [--rate-multiplier N] [--down]
 *
 * Every flag also reads from the environment (GAME_SERVER_PORT, GAME_SERVER_SEED, GAME_SERVER_EPOCH,
 * GAME_SERVER_EPOCH_FILE, GAME_SERVER_CONTROL_PORT, GAME_SERVER_LATENCY_MS, GAME_SERVER_ERROR_RATE, …);
 * flags win. Knobs change at runtime with `curl -X POST <url>/__knobs -d '{"errorRate":0.2}'`
 * (on the control port while the server is down). See docs/game-server-contract.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startDemoGameServer, type DemoKnobs } from "@/lib/game-server/demo-server";

const { values: flags } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    seed: { type: "string" },
    epoch: { type: "string" },
    "epoch-file": { type: "string" },
    "backlog-minutes": { type: "string" },
    "control-port": { type: "string" },
    "latency-ms": { type: "string" },
    "error-rate": { type: "string" },
    "malformed-rate": { type: "string" },
    "drop-rate": { type: "string" },
    "rate-limit-rate": { type: "string" },
    "rate-multiplier": { type: "string" },
    down: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});

if (flags.help) {
  console.log(`usage: npx tsx scripts/demo-game-server.ts [--port 4600] [--host 127.0.0.1] [--seed 42] [--control-port N]
  [--epoch <ms|ISO> | --epoch-file <path>] [--backlog-minutes 10]
  [--latency-ms N] [--error-rate 0..1] [--malformed-rate 0..1] [--drop-rate 0..1] [--rate-limit-rate 0..1] [--rate-multiplier N] [--down]
Environment: GAME_SERVER_<FLAG> (e.g. GAME_SERVER_ERROR_RATE=0.1); flags win. Contract: docs/game-server-contract.md`);
  process.exit(0);
}

function option(flag: keyof typeof flags, env: string): string | undefined {
  const v = flags[flag];
  if (typeof v === "string") return v;
  if (v === true) return "true";
  return process.env[env] || undefined;
}

function numberOption(flag: keyof typeof flags, env: string): number | undefined {
  const raw = option(flag, env);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    console.error(`--${flag} (${env}) must be a number, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

function parseEpoch(raw: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(n)) {
    console.error(`--epoch must be milliseconds since 1970 or an ISO date, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const seed = numberOption("seed", "GAME_SERVER_SEED") ?? 42;
const backlogMinutes = numberOption("backlog-minutes", "GAME_SERVER_BACKLOG_MINUTES") ?? 10;

// The epoch decides every item; keeping it across restarts keeps consumers' cursors valid.
let epochMs: number | undefined;
const epochRaw = option("epoch", "GAME_SERVER_EPOCH");
const epochFile = option("epoch-file", "GAME_SERVER_EPOCH_FILE");
if (epochRaw) epochMs = parseEpoch(epochRaw);
else if (epochFile) {
  if (existsSync(epochFile)) {
    try {
      const saved = JSON.parse(readFileSync(epochFile, "utf8")) as { seed?: unknown; epochMs?: unknown };
      if (saved.seed === seed && typeof saved.epochMs === "number") epochMs = saved.epochMs;
    } catch {
      // Unreadable: start a new epoch and overwrite it.
    }
  }
  if (epochMs === undefined) {
    epochMs = Date.now() - backlogMinutes * 60_000;
    mkdirSync(path.dirname(path.resolve(epochFile)), { recursive: true });
    writeFileSync(epochFile, JSON.stringify({ seed, epochMs }, null, 2));
  }
}

const knobs: Partial<DemoKnobs> = {};
const setNumber = (key: Exclude<keyof DemoKnobs, "down">, flag: keyof typeof flags, env: string) => {
  const n = numberOption(flag, env);
  if (n !== undefined) knobs[key] = n;
};
setNumber("latencyMs", "latency-ms", "GAME_SERVER_LATENCY_MS");
setNumber("errorRate", "error-rate", "GAME_SERVER_ERROR_RATE");
setNumber("malformedRate", "malformed-rate", "GAME_SERVER_MALFORMED_RATE");
setNumber("dropRate", "drop-rate", "GAME_SERVER_DROP_RATE");
setNumber("rateLimitRate", "rate-limit-rate", "GAME_SERVER_RATE_LIMIT_RATE");
setNumber("rateMultiplier", "rate-multiplier", "GAME_SERVER_RATE_MULTIPLIER");
const downRaw = option("down", "GAME_SERVER_DOWN");
if (downRaw !== undefined) knobs.down = downRaw === "true" || downRaw === "1";

let server: Awaited<ReturnType<typeof startDemoGameServer>>;
try {
  server = await startDemoGameServer({
    port: numberOption("port", "GAME_SERVER_PORT") ?? 4600,
    host: option("host", "GAME_SERVER_HOST"),
    seed,
    epochMs,
    backlogMs: backlogMinutes * 60_000,
    controlPort: numberOption("control-port", "GAME_SERVER_CONTROL_PORT"),
    knobs,
  });
} catch (err) {
  console.error(`[demo-game-server] could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const say = (msg: string) => console.log(`[demo-game-server] ${msg}`);
say(`listening on ${server.url} (seed ${server.seed}, epoch ${new Date(server.epochMs).toISOString()})`);
if (server.controlUrl) say(`control on ${server.controlUrl}/__knobs`);
say(`knobs ${JSON.stringify(server.knobs)}`);
say(`operator token (directory only): ${server.directory.operatorToken}`);
for (const a of server.directory.accounts) say(`account ${a.id} ${a.username} houses=${a.houseIds.join(",")} token=${a.token}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
