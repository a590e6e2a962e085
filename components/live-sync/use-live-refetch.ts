"use client";

import { useLiveRefetchInterval } from "@/components/live/live-updates";

/**
 * `refetchInterval` for live-session data. Change events arrive only when a tick synced something
 * or failed, so idle ticks would leave "last tick" times frozen: a slow refresh keeps them honest.
 * While the live stream is down this falls back to the app's polling.
 */
export function useLiveSyncRefetchInterval(idleMs = 15_000): number {
  return useLiveRefetchInterval() || idleMs;
}
