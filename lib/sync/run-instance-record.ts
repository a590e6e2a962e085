import { observeRecordFinished } from "@/lib/metrics/observe";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import {
  instanceRecords,
  instances,
  syncSessions,
  type InstanceRecordDetails,
  type InstanceRecordStatus,
  type SyncCategory,
} from "@/db/schema";
import { connectorFor as defaultConnectorFor } from "@/lib/connectors";
import type { DatabaseConnector } from "@/lib/connectors/types";
import { UpstreamError } from "@/lib/connectors/types";
import { decryptSecret } from "@/lib/crypto/secrets";
import { classifyFailure, classifyInvalidItems, type ClassifiedFailure } from "@/lib/failures/classify";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import { applyAccountSnapshot, type SyncCounts } from "./account-snapshot";
import { applyCapacitySnapshot } from "./capacity-snapshot";
import { applyConfigSnapshot } from "./config-snapshot";
import { tryLockInstance, unlockInstance, type LockClaim } from "./instance-lock";
import { accountSnapshotSchema, capacitySnapshotSchema, partitionValid, settingSnapshotSchema } from "./validate";
import { FINISHED_RECORD_STATUSES, type InstanceKind } from "@/lib/domain/values";

const TERMINAL: readonly InstanceRecordStatus[] = FINISHED_RECORD_STATUSES;
const LOCK_WAIT_MS = Number(process.env.SYNCDECK_LOCK_WAIT_MS ?? 30_000);
const CANCEL_POLL_MS = 250;

export type InstanceRecordOutcome = { recordId: string; status: InstanceRecordStatus };
export type RecordRunnerDeps = { connectorFor?: (kind: InstanceKind) => DatabaseConnector };

type Invalid = NonNullable<InstanceRecordDetails["invalidItems"]>;
type Fetched = { apply: (tx: Transaction) => Promise<SyncCounts>; invalid: Invalid };

/** Reads one category from the upstream and returns how to apply it; invalid items are set aside. */
async function fetchCategory(
  connector: DatabaseConnector,
  url: string,
  category: SyncCategory,
  claim: LockClaim,
  signal: AbortSignal,
): Promise<Fetched> {
  switch (category) {
    case "account": {
      const { valid, invalid } = partitionValid(await connector.fetchAccounts(url, signal), accountSnapshotSchema, (a) =>
        String(a?.name ?? "?"),
      );
      return { invalid, apply: (tx) => applyAccountSnapshot(tx, claim.instanceId, valid, { recordId: claim.recordId }) };
    }
    case "capacity": {
      const { valid, invalid } = partitionValid(await connector.fetchCapacity(url, signal), capacitySnapshotSchema, (c) =>
        String(c?.databaseName ?? "?"),
      );
      return { invalid, apply: (tx) => applyCapacitySnapshot(tx, claim.instanceId, claim.recordId, valid) };
    }
    case "config": {
      const { valid, invalid } = partitionValid(await connector.fetchConfig(url, signal), settingSnapshotSchema, (s) =>
        String(s?.name ?? "?"),
      );
      return { invalid, apply: (tx) => applyConfigSnapshot(tx, claim.instanceId, valid, { recordId: claim.recordId }) };
    }
    default:
      throw new UpstreamError("internal", `No sync is defined for category ${category}`);
  }
}

/**
 * Syncs one instance of a batch. Safe to call again after a crash: a finished record is left
 * alone, and an interrupted one is synced again (every apply is idempotent).
 */
export async function runInstanceRecord(db: Database, recordId: string, deps: RecordRunnerDeps = {}): Promise<InstanceRecordOutcome> {
  const claim = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        status: instanceRecords.status,
        instanceId: instanceRecords.instanceId,
        sessionId: instanceRecords.syncSessionId,
        sessionStatus: syncSessions.status,
        category: syncSessions.syncCategory,
        kind: instances.kind,
        secret: instances.secretCiphertext,
      })
      .from(instanceRecords)
      .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
      .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
      .where(eq(instanceRecords.id, recordId))
      .for("update", { of: instanceRecords });
    if (!row) throw new Error(`instance record ${recordId} does not exist`);
    if (TERMINAL.includes(row.status)) return { done: true as const, status: row.status };
    if (row.sessionStatus !== "running") {
      await tx.update(instanceRecords).set({ status: "cancelled", completedAt: sql`now()` }).where(eq(instanceRecords.id, recordId));
      await notifyChange(tx, "sync_session", row.sessionId);
      return { done: true as const, status: "cancelled" as const };
    }
    await tx
      .update(instanceRecords)
      .set({
        status: "running",
        startedAt: sql`coalesce(${instanceRecords.startedAt}, now())`,
        attempt: sql`${instanceRecords.attempt} + 1`,
      })
      .where(eq(instanceRecords.id, recordId));
    await notifyChange(tx, "sync_session", row.sessionId);
    return { done: false as const, ...row };
  });
  if (claim.done) return { recordId, status: claim.status };

  const claimedAt = performance.now();
  const measured = { category: claim.category, claimedAt };
  const lock: LockClaim = { instanceId: claim.instanceId, category: claim.category, sessionId: claim.sessionId, recordId };
  const waitUntil = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const got = await tryLockInstance(db, lock);
    if (got.acquired) break;
    if (Date.now() > waitUntil) {
      const message = `Instance is being synced (${claim.category}) by session ${got.heldBySession}; gave up after waiting ${Math.round(LOCK_WAIT_MS / 1000)} s`;
      return finishFailed(db, recordId, claim.sessionId, classifyFailure(new UpstreamError("lock", message)), "lock", measured);
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  // While the upstream is read, watch for a cancel: it closes the connection within a poll.
  const abort = new AbortController();
  const watcher = setInterval(() => {
    db.select({ status: instanceRecords.status })
      .from(instanceRecords)
      .where(eq(instanceRecords.id, recordId))
      .then(([r]) => r?.status !== "running" && abort.abort())
      .catch(() => {});
  }, CANCEL_POLL_MS);
  let secret: string | null = null;
  try {
    const started = performance.now();
    let fetched: Fetched;
    try {
      const connector = (deps.connectorFor ?? defaultConnectorFor)(claim.kind);
      secret = decryptSecret(claim.secret);
      fetched = await fetchCategory(connector, secret, claim.category, lock, abort.signal);
    } catch (err) {
      if (abort.signal.aborted) return { recordId, status: "cancelled" };
      const failure = classifyFailure(err, { secrets: [secret] });
      const code = err instanceof UpstreamError ? err.code : "internal";
      if (!(err instanceof UpstreamError)) logger.error({ recordId, err: failure.detail }, "instance sync failed unexpectedly");
      return await finishFailed(db, recordId, claim.sessionId, failure, code, measured);
    }
    const fetchMs = Math.round(performance.now() - started);

    return await db
      .transaction(async (tx) => {
        const [current] = await tx
          .select({ status: instanceRecords.status })
          .from(instanceRecords)
          .where(eq(instanceRecords.id, recordId))
          .for("update");
        // Cancel checkpoint: a record cancelled meanwhile writes nothing more.
        if (!current || current.status !== "running") return { recordId, status: current?.status ?? "cancelled" };
        const counts = await fetched.apply(tx);
        const details: InstanceRecordDetails | null = fetched.invalid.length ? { invalidItems: fetched.invalid.slice(0, 200) } : null;
        const skipped = classifyInvalidItems(fetched.invalid, { secrets: [secret] });
        await tx
          .update(instanceRecords)
          .set({
            status: "completed",
            // The wall clock, not now() (this transaction's start): the record's duration includes storing the rows.
            completedAt: sql`clock_timestamp()`,
            itemsSynced: counts.synced,
            itemsCreated: counts.created,
            itemsUpdated: counts.updated,
            itemsDeleted: counts.deleted,
            errorMessage: skipped?.message ?? null,
            failureClass: skipped?.failureClass ?? null,
            errorDetail: skipped?.detail ?? null,
            details,
            fetchMs,
          })
          .where(eq(instanceRecords.id, recordId));
        await tx
          .update(syncSessions)
          .set({ successfulInstances: sql`${syncSessions.successfulInstances} + 1` })
          .where(eq(syncSessions.id, claim.sessionId));
        await notifyChange(tx, "sync_session", claim.sessionId);
        return { recordId, status: "completed" as const, failureClass: skipped?.failureClass ?? null };
      })
      .then(({ failureClass, ...outcome }) => {
        if (outcome.status === "completed")
          observeRecordFinished({
            category: claim.category,
            status: "completed",
            failureClass: failureClass ?? null,
            durationMs: performance.now() - claimedAt,
          });
        return outcome;
      });
  } finally {
    clearInterval(watcher);
    await unlockInstance(db, lock).catch(() => {});
  }
}

async function finishFailed(
  db: Database,
  recordId: string,
  sessionId: string,
  failure: ClassifiedFailure,
  code: string,
  measured: { category: string; claimedAt: number },
): Promise<InstanceRecordOutcome> {
  const outcome = await db.transaction(async (tx) => {
    const updated = await tx
      .update(instanceRecords)
      .set({
        status: "failed",
        completedAt: sql`now()`,
        errorMessage: failure.message,
        failureClass: failure.failureClass,
        errorDetail: failure.detail,
        details: { errorCode: code },
      })
      .where(and(eq(instanceRecords.id, recordId), eq(instanceRecords.status, "running")))
      .returning({ id: instanceRecords.id });
    if (updated.length) {
      await tx
        .update(syncSessions)
        .set({ failedInstances: sql`${syncSessions.failedInstances} + 1` })
        .where(eq(syncSessions.id, sessionId));
      await notifyChange(tx, "sync_session", sessionId);
    }
    return { recordId, status: updated.length ? ("failed" as const) : ("cancelled" as const) };
  });
  if (outcome.status === "failed")
    observeRecordFinished({
      category: measured.category,
      status: "failed",
      failureClass: failure.failureClass,
      durationMs: performance.now() - measured.claimedAt,
    });
  return outcome;
}
