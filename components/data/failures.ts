import type { SessionItem } from "./types";

const time = (d: Date | string) => new Date(d).getTime();

/** Failed runs and partial ones (completed with failed instances), newest first. Used by the server page and the client alike. */
export function recentFailures(failed: SessionItem[], partial: SessionItem[], limit = 10): SessionItem[] {
  return [...failed, ...partial.filter((s) => s.failedInstances > 0)].sort((a, b) => time(b.startedAt) - time(a.startedAt)).slice(0, limit);
}
