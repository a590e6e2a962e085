/**
 * Process-level helpers for the launchers (npm start/dev, the test runner, the bench): a port
 * check that names the port, and the process tree under a pid (Linux /proc).
 */
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";

/** A taken port, said in one line that names it and the variable that moves it. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(
    readonly port: number,
    readonly host: string,
    readonly variable: string,
  ) {
    super(`port ${port} (${variable}) is already in use on ${host} by another program: stop it, or set ${variable} to a free port`);
  }
}

/** Resolves when `port` can be listened on at `host`; rejects with PortInUseError when something holds it. */
export function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" || e.code === "EACCES" ? new PortInUseError(port, host, variable) : e),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export const isLoopback = (host: string) => host === "localhost" || host === "::1" || /^127\./.test(host);

/** [pid, ppid, command] of every process, from /proc (empty elsewhere). */
export function processTable(): { pid: number; ppid: number; cmd: string }[] {
  const out: { pid: number; ppid: number; cmd: string }[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
  }
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (rest[0] === "Z") continue; // a zombie is gone, only not yet reaped
      const cmd = readFileSync(`/proc/${e}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      out.push({ pid: Number(e), ppid: Number(rest[1]), cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Every live descendant of `pid`. */
export function descendants(pid: number, table = processTable()): number[] {
  const children = new Map<number, number[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/**
 * The launcher processes above this one — npm, npx, sh -c, tsx, node — up to the first that is none
 * of those (a terminal's shell, a process manager). npm does not pass SIGTERM on to its script's
 * children, so `npm start` watches these and stops when one is gone.
 */
export function launcherAncestors(): number[] {
  const table = new Map(processTable().map((p) => [p.pid, p]));
  const out: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && out.length < 6) {
    const p = table.get(pid);
    if (!p) break;
    const exe = p.cmd.split(" ")[0]?.split("/").pop() ?? "";
    const launcher = /^(node|npm|npx|sh|dash|tsx)$/.test(exe) || /^npm (start|run|exec)/.test(p.cmd) || /^bash -c /.test(p.cmd);
    if (!launcher) break;
    out.push(pid);
    pid = p.ppid;
  }
  return out;
}

export function alive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}
