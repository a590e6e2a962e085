import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, instanceRecords, instanceSyncLocks, syncSessions, workflowRuns, workflowSteps } from "@/db/schema";
import type { DatabaseConnector } from "@/lib/connectors/types";
import { postgresConnector } from "@/lib/connectors/postgres";
import { defineWorkflow, type AnyWorkflow } from "@/lib/engine/workflow";
import { toErrorBody } from "@/lib/errors";
import { runInstanceRecord } from "@/lib/sync/run-instance-record";
import { tryLockInstance } from "@/lib/sync/instance-lock";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { getSyncSession, listSyncSessions } from "@/lib/sync-sessions/queries";
import { resyncInstance } from "@/lib/sync-sessions/resync-instance";
import { retryFailedInstances } from "@/lib/sync-sessions/retry-failed";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { workflows } from "@/lib/workflows";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";
import { makeRunner, waitFor } from "./helpers/runner";

const finished = (db: Parameters<typeof getSyncSession>[0], id: string) =>
  waitFor(async () => {
    const s = await getSyncSession(db, id);
    return s.status !== "running" && s;
  }, `session ${id} to finish`);

describe("cancel, retry, re-sync and locks", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("control");
  });

  it("cancels at once: pending records never start, the session names who cancelled, a second cancel is 409", async () => {
    const ops = await makeUser(t.db, "ops");
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await makePostgresInstance(t.db, t.url)).id);
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: ids } });
    const cancelled = await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledBy: ops.id });
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);

    // The engine's run was cancelled through the same event: a leader that has since drained its
    // queue (a probe sent after the cancel has run) never started it, and even a late step writes nothing.
    const [run] = await t.db.select().from(workflowRuns).where(sql`${workflowRuns.eventData} ->> 'sessionId' = ${session.id}`);
    expect(run).toMatchObject({ status: "cancelled", startedAt: null });
    let probed = false;
    const probe = defineWorkflow({
      id: "control-probe",
      name: "control-probe",
      triggers: { events: ["test/control-probe"] },
      input: z.object({}),
      handler: async (_input, step) => step.run("note", async () => void (probed = true)),
    }) as unknown as AnyWorkflow;
    const runner = makeRunner(t, [...workflows, probe]);
    await runner.start();
    try {
      await waitFor(async () => runner.status().leader, "the runner to lead");
      await runner.send([{ name: "test/control-probe", data: {} }]);
      await waitFor(async () => probed, "a run queued after the cancel to run");
    } finally {
      await runner.stop();
    }
    const [after] = await t.db.select().from(workflowRuns).where(eq(workflowRuns.id, run!.id));
    expect(after).toMatchObject({ status: "cancelled", startedAt: null });
    expect(await t.db.$count(workflowSteps, eq(workflowSteps.runId, run!.id))).toBe(0);
    const [first] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
    expect(await runInstanceRecord(t.db, first!.id)).toEqual({ recordId: first!.id, status: "cancelled" });
    const detail = await getSyncSession(t.db, session.id);
    expect(detail.records.map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(detail.records.every((r) => r.attempt === 0 && r.itemsSynced === 0)).toBe(true);
    expect(detail.cancelledByName).toBe("ops user");

    const again = toErrorBody(await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } }).catch((e) => e));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already ended as cancelled/);
    const viewer = await makeUser(t.db, "viewer");
    const denied = toErrorBody(await cancelSyncSession({ ctx: makeCtx(t.db, viewer), input: { sessionId: session.id } }).catch((e) => e));
    expect(denied.status).toBe(403);
    expect(await t.db.$count(auditLog, and(eq(auditLog.targetId, session.id), eq(auditLog.action, "sync_session.cancel")))).toBe(1);
  });

  it("a running record stops at its checkpoint and keeps nothing half-written", async () => {
    const ops = await makeUser(t.db, "ops");
    const inst = await makePostgresInstance(t.db, t.url);
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst.id] } });
    const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A connector that waits while the operator clicks cancel.
    const slow: DatabaseConnector = {
      ...postgresConnector,
      fetchAccounts: async (url) => {
        await gate;
        return postgresConnector.fetchAccounts(url);
      },
    };
    const running = runInstanceRecord(t.db, record!.id, { connectorFor: () => slow });
    await waitFor(async () => (await getSyncSession(t.db, session.id)).records[0]?.status === "running", "record to run");
    await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
    release();
    expect(await running).toEqual({ recordId: record!.id, status: "cancelled" });
    const detail = await getSyncSession(t.db, session.id);
    expect(detail.records[0]).toMatchObject({ status: "cancelled", itemsSynced: 0 });
    expect(await t.db.$count(instanceSyncLocks)).toBe(0);
  });

  it("cancel closes a hanging upstream connection instead of waiting for its timeout", async () => {
    const net = await import("node:net");
    const server = net.createServer(() => {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS = "600000";
    try {
      const ops = await makeUser(t.db, "ops");
      const inst = await makePostgresInstance(t.db, `postgres://u:p@127.0.0.1:${port}/hang`);
      const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst.id] } });
      const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
      const running = runInstanceRecord(t.db, record!.id);
      await waitFor(async () => (await getSyncSession(t.db, session.id)).records[0]?.status === "running", "record to run");
      await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
      // Without the abort this would wait ten minutes for the connect timeout.
      expect(await running).toEqual({ recordId: record!.id, status: "cancelled" });
    } finally {
      delete process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS;
      server.close();
    }
  }, 20_000);

  it("retries only the failed instances in a new linked session, and re-syncs one instance", () =>
    withServerRoleLock(t.serverUrl, async () => {
      const ops = await makeUser(t.db, "ops");
      const good = await makePostgresInstance(t.db, t.url, "retry-good");
      const bad = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:1/x", "retry-bad");
      const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [good.id, bad.id] } });
      const early = toErrorBody(await retryFailedInstances({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } }).catch((e) => e));
      expect(early.status).toBe(409);

      const runner = makeRunner(t);
      await runner.start();
      try {
        const first = await finished(t.db, session.id);
        expect(first).toMatchObject({ status: "completed", successfulInstances: 1, failedInstances: 1 });
        const retry = await retryFailedInstances({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
        expect(retry).toMatchObject({ retryOf: session.id, totalInstances: 1, syncType: "manual_batch" });
        const second = await finished(t.db, retry.id);
        expect(second.records.map((r) => r.instanceName)).toEqual(["retry-bad"]);
        expect(second.status).toBe("failed");

        const goodRecord = first.records.find((r) => r.instanceName === "retry-good")!;
        const resync = await resyncInstance({ ctx: makeCtx(t.db, ops), input: { recordId: goodRecord.id } });
        const third = await finished(t.db, resync.id);
        expect(third.records).toHaveLength(1);
        expect(third.records[0]).toMatchObject({ instanceName: "retry-good", status: "completed", itemsCreated: 0 });
        expect(third.retryOf).toBe(session.id);

        const clean = toErrorBody(await retryFailedInstances({ ctx: makeCtx(t.db, ops), input: { sessionId: resync.id } }).catch((e) => e));
        expect(clean.status).toBe(409);
        expect(clean.body.error.message).toMatch(/no failed instances/);
      } finally {
        await runner.stop();
      }
    }));

  it("never lets two sessions of one category hold an instance: the second is refused, naming the first", async () => {
    const ops = await makeUser(t.db, "ops");
    const inst = await makePostgresInstance(t.db, t.url, "locked-one");
    const first = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst.id] } });
    const second = toErrorBody(
      await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst.id] } }).catch((e) => e),
    );
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(first.id);
    expect(second.body.error.message).toContain("locked-one");

    // Concurrent starts: exactly one wins.
    const inst2 = await makePostgresInstance(t.db, t.url, "race-one");
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst2.id] } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      results.filter((r) => r.status === "rejected").every((r) => toErrorBody((r as PromiseRejectedResult).reason).status === 409),
    ).toBe(true);

    // The runtime lock: held by a running record, free once that record is no longer running.
    const [rec] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, first.id));
    await t.db.update(instanceRecords).set({ status: "running" }).where(eq(instanceRecords.id, rec!.id));
    const claim = { instanceId: inst.id, category: "account" as const, sessionId: first.id, recordId: rec!.id };
    expect(await tryLockInstance(t.db, claim)).toEqual({ acquired: true });
    const other = { ...claim, sessionId: "00000000-0000-4000-8000-000000000001", recordId: "00000000-0000-4000-8000-000000000002" };
    expect(await tryLockInstance(t.db, other)).toEqual({ acquired: false, heldBySession: first.id });
    // A crashed holder: its record never finished, but its session was cancelled → the lock frees itself.
    await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: first.id } });
    expect(await tryLockInstance(t.db, other)).toEqual({ acquired: true });
    // And the instance can be batched again.
    await expect(startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst.id] } })).resolves.toBeTruthy();
    // A different category is not blocked.
    await expect(startBatch({ ctx: makeCtx(t.db, ops), input: { category: "config", instanceIds: [inst.id] } })).resolves.toBeTruthy();
  });

  it("records invalid upstream items in details and syncs the rest as a partial result", async () => {
    const ops = await makeUser(t.db, "ops");
    const inst = await makePostgresInstance(t.db, t.url, "partial-one");
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst.id] } });
    const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
    const withJunk: DatabaseConnector = {
      ...postgresConnector,
      fetchAccounts: async (url) => [
        ...(await postgresConnector.fetchAccounts(url)),
        {
          name: "",
          canLogin: true,
          superuser: false,
          createDb: false,
          createRole: false,
          replication: false,
          connectionLimit: -1,
          validUntil: null,
          memberOf: [],
        },
      ],
    };
    await runInstanceRecord(t.db, record!.id, { connectorFor: () => withJunk });
    const [after] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.id, record!.id));
    expect(after?.status).toBe("completed");
    expect(after?.details?.invalidItems).toHaveLength(1);
    expect(after?.errorMessage).toMatch(/1 invalid upstream item/);
    expect(after?.itemsSynced).toBeGreaterThan(0);
  });

  it("filters the list by status, type, category, creator and date, and pages with a cursor", async () => {
    const ops = await makeUser(t.db, "ops");
    const all = await listSyncSessions(t.db, { limit: 200 });
    const byOps = await listSyncSessions(t.db, { createdBy: ops.id });
    expect(byOps.items).toHaveLength(0);
    const cancelled = await listSyncSessions(t.db, { status: "cancelled" });
    expect(cancelled.items.length).toBeGreaterThan(0);
    expect(cancelled.items.every((s) => s.status === "cancelled")).toBe(true);
    const partial = await listSyncSessions(t.db, { status: "partial" });
    expect(partial.items.every((s) => s.status === "completed" && s.failedInstances > 0)).toBe(true);
    const config = await listSyncSessions(t.db, { category: "config" });
    expect(config.items.every((s) => s.syncCategory === "config")).toBe(true);
    expect((await listSyncSessions(t.db, { to: "2000-01-01" })).items).toHaveLength(0);
    expect((await listSyncSessions(t.db, { from: new Date(Date.now() - 3_600_000).toISOString() })).items.length).toBe(all.items.length);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listSyncSessions(t.db, { limit: 2, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((s) => s.id));
    expect(toErrorBody(await listSyncSessions(t.db, { cursor: "garbage" }).catch((e) => e)).status).toBe(400);
    expect(toErrorBody(await listSyncSessions(t.db, { status: "nope" }).catch((e) => e)).status).toBe(400);
    expect(await t.db.$count(syncSessions)).toBe(all.items.length);
  });
});
