import { eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { bindings, gameAccounts, instances, liveSessions, stores, syncSessions } from "@/db/schema";
import { containsPattern, isUuid } from "./term";

/**
 * Sessions whose search_text (instance names, error messages, label) contains the term — an ILIKE
 * the trigram index answers — or, for a full UUID, the session with that id.
 */
export function sessionMatches(term: string): SQL {
  const text = ilike(syncSessions.searchText, containsPattern(term));
  return isUuid(term) ? or(eq(syncSessions.id, term.toLowerCase()), text)! : text;
}

/**
 * Bindings and live sessions by store (name, external id, id), game account (name, external id,
 * id), game server, the live session's error or a stream's last error. Needs bindings, stores,
 * game_accounts, instances (the store's) and live_sessions (left) joined.
 */
export function bindingMatches(term: string): SQL {
  const p = containsPattern(term);
  const conditions: SQL[] = [
    ilike(stores.name, p),
    ilike(stores.externalId, p),
    ilike(gameAccounts.username, p),
    ilike(gameAccounts.externalId, p),
    ilike(instances.name, p),
    ilike(liveSessions.errorMsg, p),
    sql`exists (select 1 from stream_cursors c where c.live_session_id = ${liveSessions.id} and c.last_error ilike ${p})`,
  ];
  if (isUuid(term)) {
    const id = term.toLowerCase();
    conditions.push(eq(bindings.id, id), eq(stores.id, id), eq(gameAccounts.id, id), eq(liveSessions.id, id));
  }
  return or(...conditions)!;
}
