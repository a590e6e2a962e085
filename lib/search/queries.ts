import { asc, desc, eq, ilike, or } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { instanceRecords, instances, syncSessions } from "@/db/schema";
import { listBindings } from "@/lib/bindings/queries";
import { listLiveSessions } from "@/lib/live-sessions/queries";
import { listSyncSessions } from "@/lib/sync-sessions/queries";
import { sessionMatches } from "./match";
import { containsPattern, isUuid, searchTerm } from "./term";

export const searchQuery = z
  .object({
    q: searchTerm,
    limit: z.coerce.number().int().min(1).max(50).default(8).describe("At most this many results per group"),
  })
  .strict();

/** Instance records are looked for within this many of the newest matching sessions. */
const RECORD_SESSION_WINDOW = 50;

/**
 * The header's search box: sessions, instance records, bindings and live sessions matching one term,
 * each group newest first and cut at `limit` (`more` says whether there were more).
 */
export async function searchEverything(db: Executor, query: unknown) {
  const { q, limit } = searchQuery.parse(query);
  const [sessions, records, bindings, liveSessions] = await Promise.all([
    listSyncSessions(db, { q, limit }),
    matchingRecords(db, q, limit + 1),
    listBindings(db, { q, limit: limit + 1 }),
    listLiveSessions(db, { q }),
  ]);
  const group = <T>(items: T[]) => ({ items: items.slice(0, limit), more: items.length > limit });
  return {
    q,
    sessions: { items: sessions.items, more: sessions.nextCursor !== null },
    instanceRecords: group(records),
    bindings: group(bindings),
    liveSessions: group(liveSessions),
  };
}

/** Records whose instance name or error matches, within the newest matching sessions; a UUID finds a record or an instance's records. */
async function matchingRecords(db: Executor, q: string, limit: number) {
  const columns = {
    id: instanceRecords.id,
    sessionId: instanceRecords.syncSessionId,
    sessionStartedAt: syncSessions.startedAt,
    syncCategory: syncSessions.syncCategory,
    instanceId: instanceRecords.instanceId,
    instanceName: instances.name,
    status: instanceRecords.status,
    errorMessage: instanceRecords.errorMessage,
  };
  if (isUuid(q)) {
    const id = q.toLowerCase();
    return db
      .select(columns)
      .from(instanceRecords)
      .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
      .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
      .where(or(eq(instanceRecords.id, id), eq(instanceRecords.instanceId, id), eq(instanceRecords.syncSessionId, id)))
      .orderBy(desc(syncSessions.startedAt), asc(instances.name))
      .limit(limit);
  }
  const matched = db
    .select({ id: syncSessions.id })
    .from(syncSessions)
    .where(sessionMatches(q))
    .orderBy(desc(syncSessions.startedAt), desc(syncSessions.id))
    .limit(RECORD_SESSION_WINDOW)
    .as("matched");
  const p = containsPattern(q);
  return db
    .select(columns)
    .from(matched)
    .innerJoin(syncSessions, eq(syncSessions.id, matched.id))
    .innerJoin(instanceRecords, eq(instanceRecords.syncSessionId, matched.id))
    .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
    .where(or(ilike(instances.name, p), ilike(instanceRecords.errorMessage, p)))
    .orderBy(desc(syncSessions.startedAt), asc(instances.name))
    .limit(limit);
}

export type SearchResults = Awaited<ReturnType<typeof searchEverything>>;
