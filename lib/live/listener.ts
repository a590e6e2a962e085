import type { SqlClient } from "@/db/client";
import { LIVE_CHANNEL } from "./notify";

type Subscriber = (payload: string) => void;

const g = globalThis as unknown as { syncdeckLive?: { subscribers: Set<Subscriber>; ready: Promise<void> } };

/** One LISTEN connection per process, fanned out to every open SSE stream. */
export function subscribeLive(sql: SqlClient, fn: Subscriber): () => void {
  if (!g.syncdeckLive) {
    const subscribers = new Set<Subscriber>();
    const ready = sql
      .listen(LIVE_CHANNEL, (payload) => {
        for (const s of subscribers) s(payload);
      })
      .then(() => undefined);
    g.syncdeckLive = { subscribers, ready };
  }
  g.syncdeckLive.subscribers.add(fn);
  return () => g.syncdeckLive?.subscribers.delete(fn);
}
