import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { instanceRecords, syncSchedules, syncSessions } from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/permissions";
import { postgresConnector } from "@/lib/connectors/postgres";
import type { DatabaseConnector } from "@/lib/connectors/types";
import { UpstreamError } from "@/lib/connectors/types";
import { fireDueSchedules } from "@/lib/schedules/fire-due";
import { finalizeSyncSession } from "@/lib/sync/finalize-session";
import { runInstanceRecord } from "@/lib/sync/run-instance-record";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { retryFailedInstances } from "@/lib/sync-sessions/retry-failed";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { lockedBackend, waitFor } from "./helpers/runner";

/** A connector whose reads wait for `release()`, then succeed (or fail with `failWith`). */
function gated(failWith?: Error) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const connector: DatabaseConnector = {
    ...postgresConnector,
    fetchCapacity: async (url) => {
      await gate;
      if (failWith) throw failWith;
      return postgresConnector.fetchCapacity(url);
    },
  };
  return { connector, release };
}

describe("cancel never lies", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let ops: Actor;
  beforeAll(async () => {
    t = await useTestDatabase("canceltruth");
    ops = await makeUser(t.db, "ops");
  });

  async function runningSession(n: number) {
    const ids = [];
    for (let i = 0; i < n; i++) ids.push((await makePostgresInstance(t.db, t.url)).id);
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "capacity", instanceIds: ids } });
    const records = await t.db
      .select()
      .from(instanceRecords)
      .where(eq(instanceRecords.syncSessionId, session.id))
      .orderBy(instanceRecords.id);
    return { session, records };
  }

  /** The session's counters agree with its records, and nothing is left open. */
  async function expectConsistent(sessionId: string) {
    const detail = await getSyncSession(t.db, sessionId);
    const by = (s: string) => detail.records.filter((r) => r.status === s).length;
    expect(by("pending") + by("running")).toBe(0);
    expect(detail.successfulInstances).toBe(by("completed"));
    expect(detail.failedInstances).toBe(by("failed"));
    return detail;
  }

  it("cancel racing record completions: the session ends cancelled, counters match the records, no deadlock", async () => {
    for (let round = 0; round < 4; round++) {
      const { session, records } = await runningSession(3);
      const gates = records.map(() => gated());
      const runs = records.map((r, i) => runInstanceRecord(t.db, r.id, { connectorFor: () => gates[i]!.connector }));
      await waitFor(async () => (await getSyncSession(t.db, session.id)).records.every((r) => r.status === "running"), "records to run");
      gates.forEach((g) => g.release());
      const [cancelled] = await Promise.all([cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } }), ...runs]);
      expect(cancelled.status).toBe("cancelled");
      await finalizeSyncSession(t.db, session.id);
      const detail = await expectConsistent(session.id);
      expect(detail.status).toBe("cancelled");
      expect(detail.records.every((r) => r.status === "completed" || r.status === "cancelled")).toBe(true);
    }
  });

  it("a completion holding its record when the cancel arrives: no deadlock, the cancel waits and counts it", async () => {
    const { session, records } = await runningSession(1);
    const id = records[0]!.id;
    await t.db.update(instanceRecords).set({ status: "running" }).where(eq(instanceRecords.id, id));
    let cancel!: Promise<unknown>;
    // The completing step's transaction, in its order: the record row first, then the session's counter.
    await t.sql.begin(async (tx) => {
      await tx`select id from instance_records where id = ${id} for update`;
      cancel = cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
      // The cancel is now blocked on this record's row lock (its first statement locks the open records).
      await lockedBackend(t.sql, 'select "id" from "instance_records"');
      await tx`update instance_records set status = 'completed', completed_at = now() where id = ${id}`;
      await tx`update sync_sessions set successful_instances = successful_instances + 1 where id = ${session.id}`;
    });
    await expect(cancel).resolves.toMatchObject({ status: "cancelled" });
    const detail = await expectConsistent(session.id);
    expect(detail).toMatchObject({ status: "cancelled", successfulInstances: 1 });
    expect(detail.records[0]!.status).toBe("completed");
  });

  it("finalize after cancel, and finalize twice, never flip the status back", async () => {
    const { session } = await runningSession(1);
    const cancelled = await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
    expect(await finalizeSyncSession(t.db, session.id)).toEqual({ sessionId: session.id, status: "cancelled" });
    expect(await finalizeSyncSession(t.db, session.id)).toEqual({ sessionId: session.id, status: "cancelled" });
    const after = await getSyncSession(t.db, session.id);
    expect(after).toMatchObject({ status: "cancelled", failureClass: null });
    expect(after.completedAt).toEqual(cancelled.completedAt);

    const { session: other, records } = await runningSession(1);
    await runInstanceRecord(t.db, records[0]!.id);
    const first = await finalizeSyncSession(t.db, other.id);
    const completedAt = (await getSyncSession(t.db, other.id)).completedAt;
    expect(await finalizeSyncSession(t.db, other.id)).toEqual(first);
    expect((await getSyncSession(t.db, other.id)).completedAt).toEqual(completedAt);
    await expectConsistent(other.id);
  });

  it("a record finishing (or failing) after the cancel writes nothing and keeps the session cancelled", async () => {
    const { session, records } = await runningSession(2);
    const ok = gated();
    const bad = gated(new UpstreamError("network", "Connection refused by x:1"));
    const runs = [
      runInstanceRecord(t.db, records[0]!.id, { connectorFor: () => ok.connector }),
      runInstanceRecord(t.db, records[1]!.id, { connectorFor: () => bad.connector }),
    ];
    await waitFor(async () => (await getSyncSession(t.db, session.id)).records.every((r) => r.status === "running"), "records to run");
    await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
    ok.release();
    bad.release();
    expect((await Promise.all(runs)).map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    // A retried step of the engine, late: still nothing.
    expect((await runInstanceRecord(t.db, records[0]!.id)).status).toBe("cancelled");
    await finalizeSyncSession(t.db, session.id);
    const detail = await expectConsistent(session.id);
    expect(detail).toMatchObject({ status: "cancelled", successfulInstances: 0, failedInstances: 0 });
    expect(detail.records.every((r) => r.status === "cancelled" && r.itemsSynced === 0 && r.failureClass === null)).toBe(true);
  });

  it("a schedule tick after a cancel starts a new run and leaves the cancelled one alone; the scheduler is named as who cancelled", async () => {
    await t.db.delete(syncSchedules);
    await t.db
      .insert(syncSchedules)
      .values({ category: "config", cron: "* * * * *", enabled: true, updatedAt: new Date(Date.now() - 3 * 60_000) });
    const [firstId] = await fireDueSchedules(t.db, new Date());
    expect(firstId).toBeDefined();
    await cancelSyncSession({ ctx: makeCtx(t.db, SYSTEM_ACTOR), input: { sessionId: firstId! } });
    const [secondId] = await fireDueSchedules(t.db, new Date(Date.now() + 2 * 60_000));
    expect(secondId).toBeDefined();
    expect(secondId).not.toBe(firstId);
    const first = await expectConsistent(firstId!);
    expect(first).toMatchObject({
      status: "cancelled",
      syncType: "scheduled",
      cancelledBy: null,
      cancelledByName: null,
      cancelledByLabel: "scheduler",
    });
    expect(first.records.every((r) => r.status === "cancelled")).toBe(true);
    const second = await getSyncSession(t.db, secondId!);
    expect(second).toMatchObject({ status: "running", syncType: "scheduled" });
    await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: secondId! } });
  });

  it("retry-failed of a cancelled run makes a new session; an API token's cancel names the token", async () => {
    const { session, records } = await runningSession(2);
    const bad = gated(new UpstreamError("auth", "Authentication failed at x"));
    bad.release();
    expect((await runInstanceRecord(t.db, records[0]!.id, { connectorFor: () => bad.connector })).status).toBe("failed");
    const token: Actor = { type: "api_token", id: "00000000-0000-4000-8000-0000000000aa", label: "token:nightly-ci", role: "ops" };
    const cancelled = await cancelSyncSession({ ctx: makeCtx(t.db, token), input: { sessionId: session.id } });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledBy: null, cancelledByLabel: "API token nightly-ci" });
    const retry = await retryFailedInstances({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
    expect(retry.id).not.toBe(session.id);
    expect(retry).toMatchObject({ status: "running", retryOf: session.id, totalInstances: 1 });
    const old = await expectConsistent(session.id);
    expect(old).toMatchObject({ status: "cancelled", failedInstances: 1, cancelledByLabel: "API token nightly-ci" });
    expect(await t.db.$count(syncSessions, sql`${syncSessions.id} = ${session.id} and ${syncSessions.status} = 'running'`)).toBe(0);
    await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: retry.id } });
  });
});
