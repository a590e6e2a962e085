"use client";

import { liveSyncKeysFor } from "@/components/live-sync/live-keys";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState } from "react";
import { keyedThrottle } from "./throttle";

export type LiveState = "connecting" | "live" | "reconnecting";

const LiveContext = createContext<LiveState>("connecting");
const POLL_MS = 5_000;

/** Query keys to refresh when `topic`/`id` changes. */
function keysFor(topic: string, id: string | undefined): QueryKey[] {
  const keys: QueryKey[] = [["audit"]];
  if (topic === "sync_session") keys.push(["sessions"], ...(id ? [["session", id]] : []));
  if (topic === "instance") keys.push(["instances"]);
  if (topic === "bulk_operation") keys.push(["bulk-operations"], ...(id ? [["bulk-operation", id]] : []));
  if (topic === "alert_rule") keys.push(["alert-rules"], ["alert-deliveries"]);
  if (topic === "alert_delivery") keys.push(["alert-deliveries"]);
  if (topic === "schedule" || topic === "sync_session") keys.push(["schedules"]);
  keys.push(...liveSyncKeysFor(topic, id));
  return keys;
}

/** Aggregates that are costly to recompute and change slowly: refreshed at most every few seconds, whatever the burst. */
function slowKeysFor(topic: string): QueryKey[] {
  return topic === "sync_session" ? [["statistics"], ["schedules"]] : [];
}
const SLOW_MS = 3_000;

/** Opens the app's one EventSource on /api/live and turns change events into throttled React Query invalidations. */
export function LiveUpdatesProvider({ children }: { children: React.ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    // Never cancel a refetch in flight: under a burst of events a slow fetch would otherwise never finish.
    const invalidate = (key: string) =>
      void queryClient.invalidateQueries({ queryKey: JSON.parse(key) as QueryKey }, { cancelRefetch: false });
    const throttle = keyedThrottle(250, invalidate);
    const slow = keyedThrottle(SLOW_MS, invalidate);
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const connect = () => {
      source = new EventSource("/api/live");
      source.addEventListener("open", () => {
        setState("live");
        // Changes made before the stream opened (or while it was down) were missed: refresh what is on screen.
        void queryClient.invalidateQueries();
      });
      source.addEventListener("change", (event) => {
        try {
          const { topic, id } = JSON.parse((event as MessageEvent<string>).data) as { topic?: string; id?: string };
          if (!topic) return;
          for (const key of keysFor(topic, id)) throttle.call(JSON.stringify(key));
          for (const key of slowKeysFor(topic)) slow.call(JSON.stringify(key));
        } catch {}
      });
      source.addEventListener("error", () => {
        setState("reconnecting");
        // The browser retries by itself unless the stream was refused (e.g. 401); then we retry ourselves.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = setTimeout(connect, POLL_MS);
        }
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
      throttle.cancel();
      slow.cancel();
    };
  }, [queryClient]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLiveState(): LiveState {
  return useContext(LiveContext);
}

/** `refetchInterval` for live queries: none while the stream is up, polling while it is down. */
export function useLiveRefetchInterval(): number | false {
  return useLiveState() === "live" ? false : POLL_MS;
}
