import type { Stream } from "./types";

type Session = {
  state: string;
  autoSyncEnabled: boolean;
  intervals: Record<Stream, number>;
  streams: { stream: string; lastTickAt: Date | string | null }[];
};

/** Slack over the idle refresh (15 s) and a tick's own duration before a quiet stream counts as stalled. */
const SLACK_S = 30;

/** An active, auto-syncing session whose stream has not ticked for three intervals (at least a minute). */
export function isStalled(s: Session, nowMs: number): boolean {
  if (s.state !== "active" || !s.autoSyncEnabled) return false;
  return s.streams.some((st) => {
    if (!st.lastTickAt) return false;
    const interval = s.intervals[st.stream as Stream] ?? 30;
    return nowMs - new Date(st.lastTickAt).getTime() > (Math.max(3 * interval, 60) + SLACK_S) * 1000;
  });
}
