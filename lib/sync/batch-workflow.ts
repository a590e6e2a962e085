import { z } from "zod";
import { evaluateRunFinishedSafely } from "@/lib/alerts/evaluate";
import { deliveryEvents } from "@/lib/alerts/events";
import { defineWorkflow } from "@/lib/engine/workflow";
import { BATCH_CANCELLED, BATCH_REQUESTED } from "@/lib/sync-sessions/events";
import { finalizeSyncSession, listOpenRecordIds } from "./finalize-session";
import { runInstanceRecord } from "./run-instance-record";

/** Instances synced at once within one batch. */
const PARALLEL_INSTANCES = 4;
/**
 * Most steps a batch spends on its instances, whatever its size: Inngest allows 1,000 steps per run
 * (and 32 MB of run state), so a large batch syncs several instances per step instead of one.
 */
const MAX_INSTANCE_STEPS = 400;

/** Syncs records `parallel` at a time; each outcome is recorded on its record, so a re-run skips finished ones. */
async function syncRecords(db: Parameters<typeof runInstanceRecord>[0], ids: string[], parallel: number) {
  const queue = [...ids];
  let completed = 0;
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      if ((await runInstanceRecord(db, id)).status === "completed") completed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, ids.length) }, worker));
  return { records: ids.length, completed };
}

export const batchSyncWorkflow = defineWorkflow({
  id: "batch-sync",
  name: "Batch sync across instances",
  triggers: { events: [BATCH_REQUESTED] },
  cancelOn: [{ event: BATCH_CANCELLED, match: "sessionId" }],
  concurrencyKey: "sessionId",
  retries: 3,
  input: z.object({ sessionId: z.uuid() }),
  handler: async ({ sessionId }, step, { db }) => {
    const recordIds = await step.run("list-instance-records", () => listOpenRecordIds(db, sessionId));
    const perStep = Math.max(PARALLEL_INSTANCES, Math.ceil(recordIds.length / MAX_INSTANCE_STEPS));
    for (let i = 0; i < recordIds.length; i += perStep) {
      const chunk = recordIds.slice(i, i + perStep);
      await step.run(`sync-instances-${i}`, () => syncRecords(db, chunk, PARALLEL_INSTANCES));
    }
    const finalized = await step.run("finalize", () => finalizeSyncSession(db, sessionId));
    const alerts = await step.run("evaluate-alerts", () => evaluateRunFinishedSafely(db, sessionId));
    if (alerts.length) await step.sendEvent("deliver-alerts", deliveryEvents(alerts));
    return finalized;
  },
});
