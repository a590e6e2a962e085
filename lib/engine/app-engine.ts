import { appDb } from "@/db/client";
import type { EnginePort } from "@/lib/context";
import { logger } from "@/lib/logger";
import { workflows } from "@/lib/workflows";
import { enqueueEvents } from "./enqueue";
import { engineMode } from "./mode";
import { EmbeddedRunner } from "./runner";

const g = globalThis as unknown as { syncdeckRunner?: EmbeddedRunner };

/** How this process hands events to the engine it was configured with. */
export function appEnginePort(): EnginePort {
  if (engineMode() === "inngest") {
    return {
      kind: "after_commit",
      publish: async (events) => {
        const { inngest } = await import("@/inngest/client");
        await inngest.send(events.map((e) => ({ name: e.name, data: e.data, id: e.id, ts: e.ts })));
      },
    };
  }
  return { kind: "transactional", enqueue: (tx, events) => enqueueEvents(tx, workflows, events) };
}

/** Starts the embedded runner once per process (from instrumentation.ts) when it is the chosen engine. */
export async function startAppEngine() {
  if (engineMode() !== "inline" || g.syncdeckRunner) return g.syncdeckRunner;
  const { db, sql } = appDb();
  const runner = new EmbeddedRunner({ db, sql, workflows, logger: logger.child({ component: "engine" }) });
  g.syncdeckRunner = runner;
  await runner.start();
  const shutdown = () => void runner.stop();
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return runner;
}

export function appEngineStatus() {
  const mode = engineMode();
  return { mode, ...(g.syncdeckRunner?.status() ?? { leader: false, activeRuns: 0, started: false }) };
}
