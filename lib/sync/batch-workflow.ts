import { z } from "zod";
import { evaluateRunFinishedSafely } from "@/lib/alerts/evaluate";
import { deliveryEvents } from "@/lib/alerts/events";
import { defineWorkflow } from "@/lib/engine/workflow";
import { BATCH_CANCELLED, BATCH_REQUESTED } from "@/lib/sync-sessions/events";
import { finalizeSyncSession, listOpenRecordIds } from "./finalize-session";
import { runInstanceRecord } from "./run-instance-record";

/** Instances synced at once within one batch. */
const PARALLEL_INSTANCES = 4;

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
    for (let i = 0; i < recordIds.length; i += PARALLEL_INSTANCES) {
      const chunk = recordIds.slice(i, i + PARALLEL_INSTANCES);
      await Promise.all(chunk.map((id) => step.run(`sync-instance-${id}`, () => runInstanceRecord(db, id))));
    }
    const finalized = await step.run("finalize", () => finalizeSyncSession(db, sessionId));
    const alerts = await step.run("evaluate-alerts", () => evaluateRunFinishedSafely(db, sessionId));
    if (alerts.length) await step.sendEvent("deliver-alerts", deliveryEvents(alerts));
    return finalized;
  },
});
