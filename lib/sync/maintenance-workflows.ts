import { z } from "zod";
import { defineWorkflow } from "@/lib/engine/workflow";
import { cleanupOldData } from "@/lib/retention/cleanup";
import { fireDueSchedules } from "@/lib/schedules/fire-due";
import { BATCH_REQUESTED } from "@/lib/sync-sessions/events";

/** Every minute: start the scheduled runs whose cron (stored per category, editable) is due. */
export const scheduleTickWorkflow = defineWorkflow({
  id: "schedule-tick",
  name: "Start due scheduled syncs",
  triggers: { cron: "* * * * *" },
  retries: 1,
  input: z.object({}),
  handler: async (_input, step, { db }) => {
    const sessionIds = await step.run("fire-due-schedules", () => fireDueSchedules(db));
    if (sessionIds.length) {
      await step.sendEvent(
        "start-scheduled-batches",
        sessionIds.map((sessionId) => ({ name: BATCH_REQUESTED, data: { sessionId }, id: sessionId })),
      );
    }
    return { started: sessionIds.length };
  },
});

/** Hourly: remove runs, records and logs older than SYNCDECK_RETENTION_DAYS (default 30). */
export const retentionWorkflow = defineWorkflow({
  id: "retention-cleanup",
  name: "Delete old runs and logs",
  triggers: { cron: "17 * * * *" },
  retries: 2,
  input: z.object({}),
  handler: async (_input, step, { db }) => step.run("cleanup", () => cleanupOldData(db)),
});
