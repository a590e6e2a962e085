// The processes the Inngest suite runs: a real Inngest server (`inngest dev`, or `inngest start` on
// PostgreSQL + Redis), a proxy in front of its event intake that can refuse for a while, and the
// production app (scripts/start.ts) on the Inngest engine.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { alive, assertPortFree, descendants } from "@/lib/process-tools";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
const logDir = path.join(root, ".data", "inngest-suite");

type Proc = { child: ChildProcess; stop: () => Promise<void> };

function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, logName: string): Proc {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, logName));
  const child = spawn(cmd, args, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {}
    const hard = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
    }, 15_000);
    await exited;
    clearTimeout(hard);
  };
  return { child, stop };
}

async function waitUntil(what: string, ok: () => Promise<boolean>, child: ChildProcess, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited (${child.exitCode}); see ${logDir}`);
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not ready within ${timeoutMs / 1000} s; see ${logDir}`);
}

export type InngestTopology =
  | { kind: "dev" }
  | { kind: "start"; postgresUri: string; redisUri: string; signingKey: string; eventKey: string };

export type InngestServer = Proc & { url: string; topology: InngestTopology };

/** Each server takes four ports: its API and the three of its connect gateway (whose defaults would collide). */
export async function startInngestServer(bin: string, port: number, sdkUrl: string, topology: InngestTopology): Promise<InngestServer> {
  for (let p = port; p <= port + 3; p++) await assertPortFree(p, "127.0.0.1", "SYNCDECK_INNGEST_PORT");
  const common = [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--sdk-url",
    sdkUrl,
    "--connect-gateway-port",
    String(port + 1),
    "--connect-gateway-grpc-port",
    String(port + 2),
    "--connect-executor-grpc-port",
    String(port + 3),
  ];
  const args =
    topology.kind === "dev"
      ? ["dev", ...common, "--no-discovery"]
      : [
          "start",
          ...common,
          "--postgres-uri",
          topology.postgresUri,
          "--redis-uri",
          topology.redisUri,
          "--signing-key",
          topology.signingKey,
          "--event-key",
          topology.eventKey,
        ];
  const proc = startProcess(bin, args, { ...process.env, DO_NOT_TRACK: "1" }, `inngest-${topology.kind}.log`);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`inngest ${topology.kind}`, async () => (await fetch(`${url}/health`)).status < 500, proc.child, 60_000);
  return { ...proc, url, topology };
}

/** A fresh self-hosted topology's keys: hex signing key, any event key. */
export function selfHostedKeys() {
  return { signingKey: randomBytes(32).toString("hex"), eventKey: `syncdeck-suite-${randomBytes(8).toString("hex")}` };
}

/**
 * An HTTP proxy in front of the Inngest server. While `refusing`, event intake (`POST /e/…`)
 * answers 503; everything else passes. Counts the events it let through.
 */
export async function eventProxy(target: string, port: number) {
  await assertPortFree(port, "127.0.0.1", "SYNCDECK_INNGEST_PORT");
  const state = { refusing: false, refused: 0, passedEvents: 0 };
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const intake = req.method === "POST" && req.url?.startsWith("/e/");
    if (intake && state.refusing) {
      state.refused++;
      req.resume();
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: "refused by the suite" }));
      return;
    }
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        if (intake && answer.statusCode === 200) state.passedEvents++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => res.headersSent || res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}`, state, close: () => new Promise((r) => server.close(r)) };
}

export type App = Proc & { url: string; kill: () => Promise<void> };

/** The production app (as npm start runs it) on the Inngest engine, with the demo data. */
export async function startApp(opts: {
  port: number;
  gamePort: number;
  databaseUrl: string;
  inngestUrl: string;
  topology: InngestTopology;
}) {
  await assertPortFree(opts.port, "127.0.0.1", "SYNCDECK_INNGEST_APP_PORT");
  const url = `http://localhost:${opts.port}`;
  const instanceId = randomUUID();
  const keys =
    opts.topology.kind === "dev"
      ? { INNGEST_DEV: opts.inngestUrl, INNGEST_SIGNING_KEY: "", INNGEST_EVENT_KEY: "" }
      : { INNGEST_DEV: "", INNGEST_SIGNING_KEY: opts.topology.signingKey, INNGEST_EVENT_KEY: opts.topology.eventKey };
  const proc = startProcess(
    process.execPath,
    [require.resolve("tsx/cli"), "scripts/start.ts"],
    {
      ...process.env,
      ...keys,
      PORT: String(opts.port),
      DATABASE_URL: opts.databaseUrl,
      BETTER_AUTH_URL: url,
      SYNC_ENGINE: "inngest",
      INNGEST_BASE_URL: opts.inngestUrl,
      // The URL the app registers for itself: where the server calls its functions.
      INNGEST_SERVE_ORIGIN: url,
      SYNCDECK_DEMO: "1",
      SYNCDECK_DEMO_GAME_PORT: String(opts.gamePort),
      SYNCDECK_INSTANCE_ID: instanceId,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "info",
    },
    `app-${opts.topology.kind}.log`,
  );
  // Only this app's health counts: a foreign server on the port would answer without our instance id.
  await waitUntil(
    "the app",
    async () => {
      const res = await fetch(`${url}/api/health`);
      return res.ok && ((await res.json()) as { instance?: string }).instance === instanceId;
    },
    proc.child,
    600_000,
  );
  // SIGKILL to the whole group (launcher, Next.js server, demo game server): a crash, not a stop.
  // Its descendants too: the Next.js server runs in a process group of its own.
  const kill = async () => {
    const pids = [proc.child.pid!, ...descendants(proc.child.pid!)];
    const exited = new Promise((r) => proc.child.once("exit", r));
    process.kill(-proc.child.pid!, "SIGKILL");
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    await exited;
    for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    // The port is free once the kernel has closed the listener; say who holds it if it stays taken.
    for (let i = 0; ; i++) {
      try {
        await assertPortFree(opts.port, "127.0.0.1", "SYNCDECK_INNGEST_APP_PORT");
        break;
      } catch (err) {
        if (i >= 150) {
          const holder = spawnSync("ss", ["-ltnp", `sport = :${opts.port}`], { encoding: "utf8" }).stdout?.trim();
          throw new Error(
            `${(err as Error).message}; killed ${pids.join(", ")}, still alive: ${pids.filter(alive).join(", ") || "none"}; ${holder}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  return { ...proc, url, kill } satisfies App;
}
