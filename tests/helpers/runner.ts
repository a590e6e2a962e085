import pino from "pino";
import type postgres from "postgres";
import type { createDb } from "@/db/client";
import { EmbeddedRunner } from "@/lib/engine/runner";
import type { AnyWorkflow } from "@/lib/engine/workflow";
import { workflows } from "@/lib/workflows";

export function makeRunner(handle: ReturnType<typeof createDb>, list: readonly AnyWorkflow[] = workflows) {
  return new EmbeddedRunner({ db: handle.db, sql: handle.sql, workflows: list, logger: pino({ level: "silent" }), pollMs: 50 });
}

export async function waitFor<T>(
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Blocks until one of the app's backends runs a statement starting with `prefix` and waits on a
 * lock; returns its pid. Forces an interleaving ("the other side is now blocked on my lock")
 * instead of hoping a sleep was long enough.
 */
export async function lockedBackend(probe: postgres.Sql, prefix: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const [row] = await probe<{ pid: number }[]>`
        select pid from pg_stat_activity
        where datname = current_database() and application_name = 'syncdeck' and wait_event_type = 'Lock' and query like ${prefix + "%"}`;
      return row?.pid;
    },
    `a backend waiting on a lock in: ${prefix}`,
    timeoutMs,
  );
}
