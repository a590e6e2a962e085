import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { StepTools } from "@/lib/engine/workflow";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";

/** Inngest's limits per function run ("Usage limits"): steps, and bytes returned by one step. */
const INNGEST_MAX_STEPS = 1_000;
const INNGEST_MAX_STEP_OUTPUT = 4 * 1024 * 1024;

/** Runs the batch workflow's body with steps that only record themselves: the plan Inngest would see. */
async function stepPlan(recordCount: number) {
  const recordIds = Array.from({ length: recordCount }, () => randomUUID());
  const steps: { id: string; outputBytes: number }[] = [];
  const step: StepTools = {
    run: async <T>(id: string): Promise<T> => {
      const output =
        id === "list-instance-records"
          ? recordIds
          : id === "finalize"
            ? { sessionId: "s", status: "completed" }
            : id === "evaluate-alerts"
              ? []
              : { records: 0, completed: 0 };
      steps.push({ id, outputBytes: Buffer.byteLength(JSON.stringify(output)) });
      return output as T;
    },
    sleep: async () => {},
    sendEvent: async (id) => steps.push({ id, outputBytes: 0 }),
  };
  await batchSyncWorkflow.handler({ sessionId: randomUUID() }, step, { db: undefined as unknown as Database });
  return steps;
}

describe("a batch's steps stay inside Inngest's limits at any size", () => {
  it.each([1, 4, 5, 997, 2_000, 10_000, 50_000])("%i instances", async (n) => {
    const steps = await stepPlan(n);
    expect(steps.length).toBeLessThan(INNGEST_MAX_STEPS / 2);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    expect(Math.max(...steps.map((s) => s.outputBytes))).toBeLessThan(INNGEST_MAX_STEP_OUTPUT);
    // Every instance gets a step: small batches one step per 4, large ones more per step.
    const instanceSteps = steps.filter((s) => s.id.startsWith("sync-instances-")).length;
    expect(instanceSteps).toBe(Math.ceil(n / Math.max(4, Math.ceil(n / 400))));
  });
});
