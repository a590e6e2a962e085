import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { instanceRecords, syncSessions, type FailureClass } from "@/db/schema";
import { recordFinishedSession } from "@/lib/analytics/rollup";
import { notifyChange } from "@/lib/live/notify";
import { observeRunFinished } from "@/lib/metrics/observe";
import { refreshSessionSearchText } from "@/lib/search/search-text";

/** Closes a running session with totals recounted from its records; a no-op once it is closed. */
export async function finalizeSyncSession(db: Database, sessionId: string) {
  let finished: { type: string; category: string; startedAt: Date } | null = null;
  const result = await db.transaction(async (tx) => {
    const [session] = await tx.select().from(syncSessions).where(eq(syncSessions.id, sessionId)).for("update");
    if (!session || session.status !== "running") return { sessionId, status: session?.status ?? null };
    const [counts] = await tx
      .select({
        completed: sql<number>`count(*) filter (where ${instanceRecords.status} = 'completed')::int`,
        failed: sql<number>`count(*) filter (where ${instanceRecords.status} = 'failed')::int`,
        total: sql<number>`count(*)::int`,
        // The most common failure class among failed records (ties: the enum's order).
        failureClass: sql<FailureClass | null>`mode() within group (order by ${instanceRecords.failureClass}) filter (where ${instanceRecords.status} = 'failed')`,
      })
      .from(instanceRecords)
      .where(eq(instanceRecords.syncSessionId, sessionId));
    const completed = counts?.completed ?? 0;
    const failed = counts?.failed ?? 0;
    // A run where nothing succeeded failed; one with some failures completed, shown as partial.
    const status = failed > 0 && completed === 0 ? "failed" : "completed";
    // Guarded on `running` as well as locked: a cancelled session is never reopened as finished.
    const closed = await tx
      .update(syncSessions)
      .set({
        status,
        completedAt: sql`now()`,
        successfulInstances: completed,
        failedInstances: failed,
        totalInstances: counts?.total ?? 0,
        failureClass: failed > 0 ? (counts?.failureClass ?? "internal") : null,
      })
      .where(and(eq(syncSessions.id, sessionId), eq(syncSessions.status, "running")))
      .returning({ id: syncSessions.id });
    if (!closed.length) return { sessionId, status: session.status };
    // Counted once: only the transaction that moved it out of `running` gets here.
    await recordFinishedSession(tx, sessionId);
    // The records' error messages become searchable once per run.
    await refreshSessionSearchText(tx, sessionId);
    await notifyChange(tx, "sync_session", sessionId);
    finished = { type: session.syncType, category: session.syncCategory, startedAt: session.startedAt };
    return { sessionId, status };
  });
  const f = finished as { type: string; category: string; startedAt: Date } | null;
  if (f) observeRunFinished({ type: f.type, category: f.category, durationMs: Date.now() - f.startedAt.getTime() });
  return result;
}

export async function listOpenRecordIds(db: Database, sessionId: string): Promise<string[]> {
  const rows = await db
    .select({ id: instanceRecords.id })
    .from(instanceRecords)
    .where(sql`${instanceRecords.syncSessionId} = ${sessionId} and ${instanceRecords.status} in ('pending', 'running')`)
    .orderBy(instanceRecords.id);
  return rows.map((r) => r.id);
}
