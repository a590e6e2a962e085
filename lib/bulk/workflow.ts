import { z } from "zod";
import { defineWorkflow } from "@/lib/engine/workflow";
import { BULK_OPERATION_REQUESTED } from "./events";
import { BULK_CHUNK, bulkOperationTotal, finishBulkOperation, processBulkChunk } from "./process";

/** Applies a bulk operation chunk by chunk; each chunk is a step, so a restart resumes after the last one that committed. */
export const bulkOperationWorkflow = defineWorkflow({
  id: "bulk-operation",
  name: "Bulk action over sessions or live sessions",
  triggers: { events: [BULK_OPERATION_REQUESTED] },
  concurrencyKey: "bulkOperationId",
  retries: 3,
  input: z.object({ bulkOperationId: z.uuid() }),
  handler: async ({ bulkOperationId }, step, { db }) => {
    const total = await step.run("count-targets", () => bulkOperationTotal(db, bulkOperationId));
    for (let i = 0; i * BULK_CHUNK < total; i++) {
      const { events } = await step.run(`chunk-${i}`, () => processBulkChunk(db, bulkOperationId, i));
      if (events.length) await step.sendEvent(`chunk-${i}-events`, events);
    }
    return step.run("finish", () => finishBulkOperation(db, bulkOperationId));
  },
});
