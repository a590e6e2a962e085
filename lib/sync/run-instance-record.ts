import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { instanceRecords, instances, syncSessions, type InstanceRecordStatus } from "@/db/schema";
import { fetchPostgresAccounts, UpstreamError } from "@/lib/connectors/postgres";
import { decryptSecret } from "@/lib/crypto/secrets";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import { applyAccountSnapshot } from "./account-snapshot";

const TERMINAL: InstanceRecordStatus[] = ["completed", "failed", "cancelled"];

export type InstanceRecordOutcome = { recordId: string; status: InstanceRecordStatus };

/**
 * Syncs one instance of a batch. Safe to call again after a crash: a finished record is left
 * alone, and an interrupted one is synced again (the snapshot apply is idempotent).
 */
export async function runInstanceRecord(db: Database, recordId: string): Promise<InstanceRecordOutcome> {
  const claim = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        status: instanceRecords.status,
        sessionId: instanceRecords.syncSessionId,
        sessionStatus: syncSessions.status,
        secret: instances.secretCiphertext,
      })
      .from(instanceRecords)
      .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
      .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
      .where(eq(instanceRecords.id, recordId))
      .for("update", { of: instanceRecords });
    if (!row) throw new Error(`instance record ${recordId} does not exist`);
    if (TERMINAL.includes(row.status)) return { done: true as const, status: row.status };
    if (row.sessionStatus === "cancelled") {
      await tx.update(instanceRecords).set({ status: "cancelled", completedAt: sql`now()` }).where(eq(instanceRecords.id, recordId));
      await notifyChange(tx, "sync_session", row.sessionId);
      return { done: true as const, status: "cancelled" as const };
    }
    await tx
      .update(instanceRecords)
      .set({ status: "running", startedAt: sql`coalesce(${instanceRecords.startedAt}, now())`, attempt: sql`${instanceRecords.attempt} + 1` })
      .where(eq(instanceRecords.id, recordId));
    await notifyChange(tx, "sync_session", row.sessionId);
    return { done: false as const, sessionId: row.sessionId, secret: row.secret };
  });
  if (claim.done) return { recordId, status: claim.status };

  const started = performance.now();
  let snapshot;
  try {
    snapshot = await fetchPostgresAccounts(decryptSecret(claim.secret));
  } catch (err) {
    const message = err instanceof Error ? err.message : "Upstream sync failed";
    const code = err instanceof UpstreamError ? err.code : "internal";
    if (!(err instanceof UpstreamError)) logger.error({ recordId, err: message }, "instance sync failed unexpectedly");
    return finishFailed(db, recordId, claim.sessionId, message, code);
  }
  const fetchMs = Math.round(performance.now() - started);

  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: instanceRecords.status, sessionStatus: syncSessions.status })
      .from(instanceRecords)
      .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
      .where(eq(instanceRecords.id, recordId))
      .for("update", { of: instanceRecords });
    if (!current || current.status !== "running") return { recordId, status: current?.status ?? "cancelled" };
    // Cancel checkpoint: a cancelled run writes nothing more.
    if (current.sessionStatus === "cancelled") {
      await tx.update(instanceRecords).set({ status: "cancelled", completedAt: sql`now()` }).where(eq(instanceRecords.id, recordId));
      await notifyChange(tx, "sync_session", claim.sessionId);
      return { recordId, status: "cancelled" as const };
    }
    const [record] = await tx.select({ instanceId: instanceRecords.instanceId }).from(instanceRecords).where(eq(instanceRecords.id, recordId));
    const counts = await applyAccountSnapshot(tx, record!.instanceId, snapshot);
    await tx
      .update(instanceRecords)
      .set({
        status: "completed",
        completedAt: sql`now()`,
        itemsSynced: counts.synced,
        itemsCreated: counts.created,
        itemsUpdated: counts.updated,
        itemsDeleted: counts.deleted,
        errorMessage: null,
        details: { timings: { fetchMs, totalMs: Math.round(performance.now() - started) } },
      })
      .where(eq(instanceRecords.id, recordId));
    await tx
      .update(syncSessions)
      .set({ successfulInstances: sql`${syncSessions.successfulInstances} + 1` })
      .where(eq(syncSessions.id, claim.sessionId));
    await notifyChange(tx, "sync_session", claim.sessionId);
    return { recordId, status: "completed" as const };
  });
}

async function finishFailed(db: Database, recordId: string, sessionId: string, message: string, code: string): Promise<InstanceRecordOutcome> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(instanceRecords)
      .set({ status: "failed", completedAt: sql`now()`, errorMessage: message, details: { errorCode: code } })
      .where(and(eq(instanceRecords.id, recordId), eq(instanceRecords.status, "running")))
      .returning({ id: instanceRecords.id });
    if (updated.length) {
      await tx
        .update(syncSessions)
        .set({ failedInstances: sql`${syncSessions.failedInstances} + 1` })
        .where(eq(syncSessions.id, sessionId));
      await notifyChange(tx, "sync_session", sessionId);
    }
    return { recordId, status: "failed" as const };
  });
}
