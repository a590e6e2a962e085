import type { QueryKey } from "@tanstack/react-query";

/**
 * Query keys to invalidate for a `binding` or `live_session` change event, for the app's live
 * stream. A `live_session` event does not name its store, so every open store page refetches.
 */
export function liveSyncKeysFor(topic: string, id: string | undefined): QueryKey[] {
  if (topic === "binding") return [["bindings"], ["live-sessions"]];
  if (topic !== "live_session") return [];
  const keys: QueryKey[] = [["live-sessions"], ["bindings"], ["store-data"]];
  if (id) keys.push(["live-session", id], ["live-session-logs", id]);
  return keys;
}
