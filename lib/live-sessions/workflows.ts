import { z } from "zod";
import { defineWorkflow } from "@/lib/engine/workflow";
import { observeTick, observeTickLag } from "@/lib/metrics/observe";
import { LIVE_SESSION_STOPPED, STREAM_TICK, STREAMS } from "./events";
import { reviveStalledStreams } from "./revive";
import { runStreamTick } from "./run-tick";

/**
 * One run per tick of one stream (Inngest's pattern for sub-minute recurring work per entity):
 * sync, then send the next tick with a future timestamp and a deterministic id. Stopping or
 * unbinding cancels queued ticks; a tick of an old chain ends itself.
 */
export const streamTickWorkflow = defineWorkflow({
  id: "live-stream-tick",
  name: "Live session stream tick",
  triggers: { events: [STREAM_TICK] },
  cancelOn: [{ event: LIVE_SESSION_STOPPED, match: "liveSessionId" }],
  concurrencyKey: ["liveSessionId", "stream"],
  retries: 2,
  input: z.object({
    liveSessionId: z.uuid(),
    stream: z.enum(STREAMS),
    chain: z.uuid(),
    seq: z.number().int().min(0),
    // When this tick was scheduled for (epoch ms), for the tick-lag metric; absent on a chain's first tick.
    dueAt: z.number().optional(),
  }),
  handler: async ({ liveSessionId, stream, chain, seq, dueAt }, step, { db }) => {
    const result = await step.run("sync", async () => {
      if (dueAt !== undefined) observeTickLag(stream, dueAt);
      const r = await runStreamTick(db, { liveSessionId, stream, chain });
      if (r.continue) observeTick(stream, r.status);
      return r;
    });
    if (!result.continue) return result;
    const next = seq + 1;
    const ts = Date.now() + result.delayMs;
    await step.sendEvent("schedule-next-tick", {
      name: STREAM_TICK,
      data: { liveSessionId, stream, chain, seq: next, dueAt: ts },
      id: `${chain}:${stream}:${next}`,
      ts,
    });
    return result;
  },
});

/** Every minute: a stream whose ticks stopped (lost event, engine switch) gets a fresh chain. */
export const liveWatchdogWorkflow = defineWorkflow({
  id: "live-stream-watchdog",
  name: "Revive stalled live streams",
  triggers: { cron: "* * * * *" },
  retries: 1,
  input: z.object({}),
  handler: async (_input, step, { db }) => {
    const revived = await step.run("find-stalled", () => reviveStalledStreams(db));
    if (revived.length)
      await step.sendEvent(
        "restart-chains",
        revived.flatMap((r) => r.events),
      );
    return { revived: revived.length };
  },
});
