import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { workflowRuns } from "@/db/schema";
import { concurrencyKeys, type AnyWorkflow, type EngineEvent } from "./workflow";

export const ENGINE_CHANNEL = "syncdeck_engine";

/**
 * Embedded engine: turns events into queued runs (and cancels runs that listen for them)
 * inside the caller's transaction, so a run exists exactly when the change that asked for it commits.
 */
export async function enqueueEvents(tx: Executor, workflows: readonly AnyWorkflow[], events: EngineEvent[]) {
  for (const event of events) {
    for (const wf of workflows) {
      for (const cancel of wf.cancelOn ?? []) {
        if (cancel.event !== event.name) continue;
        const value = event.data[cancel.match];
        if (value === undefined) continue;
        await tx
          .update(workflowRuns)
          .set({ status: "cancelled", finishedAt: new Date(), error: `cancelled by ${event.name}` })
          .where(
            and(
              eq(workflowRuns.workflowId, wf.id),
              inArray(workflowRuns.status, ["queued", "running"]),
              sql`${workflowRuns.eventData} ->> ${cancel.match} = ${String(value)}`,
            ),
          );
      }
      if (!wf.triggers.events?.includes(event.name)) continue;
      const data = wf.input.parse(event.data);
      const keys = concurrencyKeys(wf);
      await tx
        .insert(workflowRuns)
        .values({
          workflowId: wf.id,
          eventName: event.name,
          eventData: data,
          dedupeKey: event.id ? `${wf.id}:${event.id}` : null,
          concurrencyKey: keys.length ? `${wf.id}:${keys.map((k) => String(data[k])).join(":")}` : null,
          runAfter: event.ts ? new Date(event.ts) : new Date(),
        })
        .onConflictDoNothing({ target: workflowRuns.dedupeKey });
    }
  }
  await tx.execute(sql`select pg_notify(${ENGINE_CHANNEL}, '')`);
}
