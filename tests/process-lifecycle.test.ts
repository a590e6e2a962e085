/**
 * Process-level behaviour of the launchers: taken ports fail at once by name, the embedded
 * PostgreSQL survives kill -9 / restart cycles and a clone in a 700 folder (as root), its
 * failures say PostgreSQL's reason in one line, SIGTERM to `npm start` leaves nothing running,
 * and the app refuses to listen beyond loopback with the published demo passwords.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { canConnect, EmbeddedPostgresError, startEmbeddedPostgres } from "@/lib/embedded-postgres";
import { exposureRefusal } from "@/lib/demo/exposure";
import { alive, descendants, processTable } from "@/lib/process-tools";
import { closedPort } from "@/lib/test-network";
import { useTestDatabase } from "./helpers/db";
import { waitFor } from "./helpers/runner";

const require = createRequire(import.meta.url);
const root = process.cwd();
const tsx = require.resolve("tsx/cli");
const scratch = mkdtempSync(path.join(os.tmpdir(), "syncdeck-lifecycle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A foreign server on `port` that answers 200 to everything, as the wrong "up" did. */
async function foreignListener(port: number) {
  const http = await import("node:http");
  const server = http.createServer((_req, res) => res.end('{"ok":true}'));
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { close: () => new Promise((r) => server.close(r)) };
}

/** Runs scripts/start.ts to its end; its output and exit code. */
function runStart(env: Record<string, string>, timeoutMs = 45_000) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [tsx, "scripts/start.ts"], {
      cwd: root,
      env: { ...process.env, SYNCDECK_DATA_DIR: path.join(scratch, "data"), DATABASE_URL: "", SYNCDECK_DEMO: "", ...env },
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

describe("an honest up: taken ports fail at once, by name", () => {
  const cases = [
    { variable: "PORT", env: (p: number) => ({ PORT: String(p) }) },
    { variable: "SYNCDECK_DEMO_GAME_PORT", env: (p: number) => ({ SYNCDECK_DEMO_GAME_PORT: String(p) }) },
    { variable: "SYNCDECK_PG_PORT", env: (p: number) => ({ SYNCDECK_PG_PORT: String(p) }) },
  ];
  for (const c of cases) {
    it(`${c.variable} held by another server`, async () => {
      const taken = await closedPort();
      const foreign = await foreignListener(taken);
      const others = {
        PORT: String(await closedPort()),
        SYNCDECK_DEMO_GAME_PORT: String(await closedPort()),
        SYNCDECK_PG_PORT: String(await closedPort()),
      };
      const started = Date.now();
      const { code, out } = await runStart({ ...others, ...c.env(taken) });
      await foreign.close();
      expect(code).toBe(1);
      expect(out).toContain(`port ${taken} (${c.variable}) is already in use`);
      expect(out).not.toContain("is up");
      expect(out).not.toMatch(/\n\s+at /); // no stack
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  }
});

describe("the embedded PostgreSQL", () => {
  it("restarts healthy right after kill -9 of PostgreSQL and its processes, 20 times", async () => {
    // What `npm start` runs before the app, in this process: each cycle kills the postmaster's
    // whole tree with SIGKILL at a random moment (every third cycle also a start cut short in
    // initdb or startup) and starts again at once; every restart must answer a query.
    const dir = path.join(scratch, "kill9-pg");
    const port = await closedPort();
    const ours = () => {
      const table = processTable();
      const roots = table.filter((p) => p.cmd.includes(dir)).map((p) => p.pid);
      return [...roots, ...roots.flatMap((pid) => descendants(pid, table))];
    };
    const killAll = () => {
      for (const pid of ours()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
      }
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let healthy = 0;
    const failures: string[] = [];
    for (let cycle = 0; cycle < 20; cycle++) {
      if (cycle % 3 === 0) {
        const doomed = startEmbeddedPostgres({ dir, port }).catch(() => null);
        await sleep(Math.random() * 800);
        killAll();
        await doomed;
      }
      const server = await startEmbeddedPostgres({ dir, port }).catch((e: Error) => {
        failures.push(`cycle ${cycle}: ${e.message}`);
        return null;
      });
      if (server) {
        const sql = postgres(server.url("postgres"), { max: 2, onnotice: () => {} });
        const [row] = await sql`select 1 as ok`.catch(() => [null]);
        if (row?.ok === 1) healthy++;
        else failures.push(`cycle ${cycle}: started but did not answer`);
        // Killed while up, some of the time mid-query.
        const busy = sql`select pg_sleep(1)`.catch(() => {});
        await sleep(Math.random() * 300);
        killAll();
        await busy;
        await sql.end({ timeout: 1 }).catch(() => {});
      }
    }
    await waitFor(() => ours().length === 0, "no PostgreSQL process left", 10_000);
    expect(failures).toEqual([]);
    expect(healthy).toBe(20);
  }, 240_000);

  it("says PostgreSQL's own reason in one line when it cannot start", async () => {
    const dir = path.join(scratch, "broken-pg");
    const port = await closedPort();
    const server = await startEmbeddedPostgres({ dir, port });
    await server.stop();
    writeFileSync(path.join(server.dataDir, "postgresql.conf"), "\nbogus_setting_for_test = 1\n", { flag: "a" });
    const err = await startEmbeddedPostgres({ dir, port }).catch((e) => e);
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    expect(err.message).toMatch(/PostgreSQL did not start .*(FATAL|unrecognized|contains errors)/);
    expect(err.message).not.toContain("\n");
  }, 60_000);

  const asRoot = process.getuid?.() === 0;
  it.skipIf(!asRoot)(
    "runs from a clone inside a 700 folder when running as root",
    async () => {
      const home = mkdtempSync(path.join(scratch, "home-"));
      chmodSync(home, 0o700);
      const dir = path.join(home, "clone", ".data", "pg");
      const port = await closedPort();
      const server = await startEmbeddedPostgres({ dir, port });
      try {
        expect(await canConnect(server.url("postgres"))).toBe(true);
        // The data lives where the postgres user can reach it, per clone, outside the 700 folder.
        expect(server.dataDir.startsWith("/var/tmp/syncdeck-")).toBe(true);
        expect(existsSync(path.join(server.dataDir, "PG_VERSION"))).toBe(true);
      } finally {
        await server.stop();
        rmSync(path.dirname(server.dataDir), { recursive: true, force: true });
      }
    },
    90_000,
  );
  if (!asRoot) console.log("skipped: embedded PostgreSQL from a 700 folder — only root runs PostgreSQL as another user");
});

describe("listening beyond loopback", () => {
  it("exposureRefusal: loopback always, exposed only without published passwords or with SYNCDECK_ALLOW_DEMO_PASSWORDS=1", () => {
    expect(exposureRefusal("127.0.0.1", ["admin@syncdeck.local"], undefined)).toBeNull();
    expect(exposureRefusal("0.0.0.0", [], undefined)).toBeNull();
    expect(exposureRefusal("0.0.0.0", ["admin@syncdeck.local"], "1")).toBeNull();
    expect(exposureRefusal("0.0.0.0", ["admin@syncdeck.local"], "yes")).toContain("SYNCDECK_ALLOW_DEMO_PASSWORDS=1");
  });

  it("HOST=0.0.0.0 with the demo passwords: npm start refuses and says how to allow it", async () => {
    const { url } = await useTestDatabase("lifecycle_host");
    const { code, out } = await runStart(
      { DATABASE_URL: url, HOST: "0.0.0.0", PORT: String(await closedPort()), SYNCDECK_SKIP_BUILD: "1" },
      60_000,
    );
    expect(code).toBe(1);
    expect(out).toMatch(/start failed: refusing to listen on 0\.0\.0\.0: .*admin@syncdeck\.local.*SYNCDECK_ALLOW_DEMO_PASSWORDS=1/);
    expect(out).not.toContain("is up");
  }, 90_000);
});

describe("clean stops", () => {
  const built = existsSync(path.join(root, ".next", "BUILD_ID"));
  it("SIGTERM to the npm process stops the app, the engine and PostgreSQL within 10 s, leaving nothing", async () => {
    const port = await closedPort();
    const pgPort = await closedPort();
    // Without vitest's NODE_ENV=test: npm start runs the app in production.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_ENV"));
    const env: Record<string, string | undefined> = {
      ...inherited,
      PORT: String(port),
      SYNCDECK_PG_PORT: String(pgPort),
      SYNCDECK_DEMO_GAME_PORT: String(await closedPort()),
      SYNCDECK_DATA_DIR: path.join(scratch, "stop-data"),
      SYNCDECK_SKIP_BUILD: "1",
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
    };
    const npm = spawn("npm", [built ? "start" : "run", ...(built ? [] : ["dev"])], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: env as NodeJS.ProcessEnv,
    });
    let out = "";
    npm.stdout!.on("data", (d) => (out += d));
    npm.stderr!.on("data", (d) => (out += d));
    try {
      await waitFor(() => out.includes("Syncdeck is up") || npm.exitCode !== null, "npm start to be up", built ? 60_000 : 150_000);
      expect(out).toContain("Syncdeck is up");
      expect(out).toContain("listening on 127.0.0.1");
      const tree = descendants(npm.pid!);
      expect(tree.length).toBeGreaterThan(2); // sh, tsx, node, next, postgres…
      // Bound to loopback only: no listener on every interface.
      const tcp = readFileSync("/proc/net/tcp", "utf8") + readFileSync("/proc/net/tcp6", "utf8");
      const hex = port.toString(16).toUpperCase().padStart(4, "0");
      expect(tcp).toContain(`0100007F:${hex}`);
      expect(tcp).not.toMatch(new RegExp(`(00000000|00000000000000000000000000000000):${hex} `));
      const sent = Date.now();
      process.kill(npm.pid!, "SIGTERM");
      await waitFor(() => tree.every((pid) => !alive(pid)), "every process under npm to be gone", 12_000);
      expect(Date.now() - sent).toBeLessThan(10_000);
      expect(await canConnect(`postgres://postgres:syncdeck@127.0.0.1:${pgPort}/postgres`)).toBe(false);
    } finally {
      try {
        process.kill(-npm.pid!, "SIGKILL");
      } catch {}
    }
  }, 200_000);
});
