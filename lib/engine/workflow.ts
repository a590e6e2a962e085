import type { ZodType } from "zod";
import type { Database } from "@/db/client";

/** An event as both engines understand it. `id` makes sending idempotent. */
export type EngineEvent = { name: string; data: Record<string, unknown>; id?: string; ts?: number };

/** The small step interface every workflow is written against; Inngest's `step` satisfies it. */
export interface StepTools {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
  sleep(id: string, duration: string | number): Promise<void>;
  sendEvent(id: string, events: EngineEvent | EngineEvent[]): Promise<unknown>;
}

/** What a workflow body may use besides its input and steps; supplied by whichever engine runs it. */
export type WorkflowDeps = { db: Database };

export type WorkflowDefinition<TInput extends Record<string, unknown> = Record<string, unknown>> = {
  id: string;
  name: string;
  triggers: { events?: string[]; cron?: string };
  /** Runs are cancelled when one of these events arrives whose `data[match]` equals the run's. */
  cancelOn?: { event: string; match: string }[];
  /** At most one run at a time per value of `data[key]` (several keys: per combination). */
  concurrencyKey?: string | string[];
  retries?: number;
  input: ZodType<TInput>;
  handler: (input: TInput, step: StepTools, deps: WorkflowDeps) => Promise<unknown>;
};

export function defineWorkflow<TInput extends Record<string, unknown>>(def: WorkflowDefinition<TInput>): WorkflowDefinition<TInput> {
  return def;
}

export type AnyWorkflow = WorkflowDefinition<Record<string, unknown>>;

/** "5s", "2m", "1h" or milliseconds. */
export function durationMs(duration: string | number): number {
  if (typeof duration === "number") return duration;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(duration.trim());
  if (!m) throw new Error(`Unknown duration "${duration}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

export function concurrencyKeys(wf: { concurrencyKey?: string | string[] }): string[] {
  return wf.concurrencyKey === undefined ? [] : Array.isArray(wf.concurrencyKey) ? wf.concurrencyKey : [wf.concurrencyKey];
}
