import pino from "pino";
import type { createDb } from "@/db/client";
import { EmbeddedRunner } from "@/lib/engine/runner";
import type { AnyWorkflow } from "@/lib/engine/workflow";
import { workflows } from "@/lib/workflows";

export function makeRunner(handle: ReturnType<typeof createDb>, list: readonly AnyWorkflow[] = workflows) {
  return new EmbeddedRunner({ db: handle.db, sql: handle.sql, workflows: list, logger: pino({ level: "silent" }), pollMs: 50 });
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
