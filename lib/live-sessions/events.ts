import { randomUUID } from "node:crypto";
import type { EngineEvent } from "@/lib/engine/workflow";
import { LIVE_STREAMS, type LiveStream } from "@/lib/domain/values";

export const STREAMS = LIVE_STREAMS;
export type Stream = LiveStream;

export const STREAM_TICK = "live/stream.tick";
export const LIVE_SESSION_STOPPED = "live/session.stopped";

/** The first tick of each stream for a new chain; ids are deterministic per chain, so a repeat is a no-op. */
export function startStreamEvents(liveSessionId: string, chain: string = randomUUID()): { chain: string; events: EngineEvent[] } {
  return {
    chain,
    events: STREAMS.map((stream) => ({ name: STREAM_TICK, data: { liveSessionId, stream, chain, seq: 0 }, id: `${chain}:${stream}:0` })),
  };
}

export function stopStreamsEvent(liveSessionId: string): EngineEvent {
  return { name: LIVE_SESSION_STOPPED, data: { liveSessionId } };
}
