import { appDb } from "@/db/client";
import type { EnginePort } from "@/lib/context";
import { logger } from "@/lib/logger";
import { setOutboxBacklogSource } from "@/lib/metrics/observe";
import { workflows } from "@/lib/workflows";
import { enqueueEvents } from "./enqueue";
import { engineMode } from "./mode";
import { OutboxRelay, outboxBacklog, storeInOutbox } from "./outbox";
import { EmbeddedRunner } from "./runner";

const g = globalThis as unknown as { syncdeckRunner?: EmbeddedRunner; syncdeckRelay?: OutboxRelay };

/** How this process hands events to the engine it was configured with (always inside the verb's transaction). */
export function appEnginePort(): EnginePort {
  if (engineMode() === "inngest") return { enqueue: storeInOutbox };
  return { enqueue: (tx, events) => enqueueEvents(tx, workflows, events) };
}

/**
 * Starts, once per process (from instrumentation.ts), what drives the chosen engine: the embedded
 * runner, or the relay that hands the outbox to Inngest.
 */
export async function startAppEngine() {
  if (engineMode() === "inngest") {
    await startOutboxRelay();
    return undefined;
  }
  if (g.syncdeckRunner) return g.syncdeckRunner;
  const { db, sql } = appDb();
  const runner = new EmbeddedRunner({ db, sql, workflows, logger: logger.child({ component: "engine" }) });
  g.syncdeckRunner = runner;
  await runner.start();
  const shutdown = () => void runner.stop();
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return runner;
}

async function startOutboxRelay() {
  if (g.syncdeckRelay) return;
  const { db, sql } = appDb();
  const { inngest } = await import("@/inngest/client");
  const relay = new OutboxRelay({
    db,
    sql,
    send: (events) => inngest.send(events),
    logger: logger.child({ component: "outbox" }),
  });
  g.syncdeckRelay = relay;
  setOutboxBacklogSource(async () => (await outboxBacklog(db)).backlog);
  await relay.start();
  const shutdown = () => void relay.stop();
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

export function appEngineStatus() {
  const mode = engineMode();
  return { mode, ...(g.syncdeckRunner?.status() ?? { leader: false, activeRuns: 0, started: g.syncdeckRelay !== undefined }) };
}
