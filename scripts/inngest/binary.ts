// Where the Inngest server binary lives: INNGEST_BIN, else a per-version cache outside the clone,
// so every clone and worktree on a machine shares one build.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The Inngest release this project is tested against. */
export const INNGEST_VERSION = "v1.43.0";
export const INNGEST_MODULE = "github.com/inngest/inngest";

export function inngestBinPath(): string {
  if (process.env.INNGEST_BIN) return path.resolve(process.env.INNGEST_BIN);
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(cache, "syncdeck", `inngest-${INNGEST_VERSION}`, "inngest");
}

/** The binary's `inngest version` line, or null when it is absent or does not run. */
export function inngestBinVersion(bin = inngestBinPath()): string | null {
  if (!existsSync(bin)) return null;
  const res = spawnSync(bin, ["version"], { encoding: "utf8", timeout: 20_000 });
  if (res.status !== 0) return null;
  return (res.stdout || res.stderr).trim().split("\n")[0] ?? null;
}
