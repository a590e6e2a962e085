import { InngestTestEngine } from "@inngest/test";
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, bulkOperations, instanceRecords, liveSessions, syncSchedules, syncSessions } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { bindAccount } from "@/lib/bindings/bind";
import { createBulkOperation } from "@/lib/bulk/create";
import { processBulkChunk } from "@/lib/bulk/process";
import { bulkOperationWorkflow } from "@/lib/bulk/workflow";
import type { AnyWorkflow } from "@/lib/engine/workflow";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { toInngestFunction } from "@/inngest/to-function";
import { getBulkOperation, resolveBulkTargets } from "@/lib/bulk/queries";
import { toErrorBody } from "@/lib/errors";
import { useTestDatabase } from "./helpers/db";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useGameServer } from "./helpers/game";
import { makeRunner, waitFor } from "./helpers/runner";

describe("bulk actions over sessions and live sessions", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let g: Awaited<ReturnType<typeof useGameServer>>;
  let runner: ReturnType<typeof makeRunner>;
  let ops: Actor;

  beforeAll(async () => {
    t = await useTestDatabase("bulk");
    g = await useGameServer(t.db);
    await t.db.update(syncSchedules).set({ enabled: false });
    ops = await makeUser(t.db, "ops");
    runner = makeRunner(t);
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await g.server.close();
  });

  const create = (actor: Actor, input: unknown) => createBulkOperation({ ctx: makeCtx(t.db, actor), input });
  const finished = (id: string) =>
    waitFor(
      async () => {
        const op = await getBulkOperation(t.db, id);
        return op.status !== "running" && op;
      },
      "bulk operation to finish",
      120_000,
    );
  const bulkAudits = (id: string) => t.db.$count(auditLog, and(like(auditLog.action, "bulk_operation.%"), eq(auditLog.targetId, id)));

  it("cancels 1,000 running sessions matched by a filter, audited once, and a repeat skips them all", async () => {
    const starter = await makeUser(t.db, "ops");
    const instance = await makePostgresInstance(t.db, t.url);
    const seeded = await t.db
      .insert(syncSessions)
      .values(
        Array.from({ length: 1000 }, (_, i) => ({
          syncType: "manual_batch" as const,
          syncCategory: "account" as const,
          createdBy: starter.id,
          totalInstances: 1,
          startedAt: new Date(Date.now() - i * 1000),
        })),
      )
      .returning({ id: syncSessions.id });
    await t.db.insert(instanceRecords).values(seeded.map((s) => ({ syncSessionId: s.id, instanceId: instance.id })));
    // One of the starter's sessions had already ended: the filter matches it, the cancel leaves it alone.
    await t.db
      .insert(syncSessions)
      .values({ syncType: "manual_batch", syncCategory: "account", createdBy: starter.id, status: "completed", completedAt: new Date() });
    const filter = { createdBy: starter.id!, category: "account" as const };

    const preview = await resolveBulkTargets(t.db, { action: "cancel_sessions", filter });
    expect(preview).toMatchObject({ matching: 1001, eligible: 1000 });

    const viewer = await makeUser(t.db, "viewer");
    const denied = toErrorBody(await create(viewer, { action: "cancel_sessions", filter }).catch((e) => e));
    expect(denied.status).toBe(403);

    const { operation, created } = await create(ops, { action: "cancel_sessions", filter, idempotencyKey: "cancel-starter-runs" });
    expect(created).toBe(true);
    expect(operation).toMatchObject({ status: "running", total: 1000, processed: 0, selection: { filter } });
    const done = await finished(operation.id);
    expect(done).toMatchObject({ status: "completed", total: 1000, processed: 1000, succeeded: 1000, skipped: 0, failed: 0, errors: [] });
    const ids = seeded.map((s) => s.id);
    expect(await t.db.$count(syncSessions, and(inArray(syncSessions.id, ids), eq(syncSessions.status, "running")))).toBe(0);
    expect(
      await t.db.$count(
        syncSessions,
        and(inArray(syncSessions.id, ids), eq(syncSessions.status, "cancelled"), eq(syncSessions.cancelledBy, ops.id!)),
      ),
    ).toBe(1000);
    expect(
      await t.db.$count(instanceRecords, and(inArray(instanceRecords.syncSessionId, ids), eq(instanceRecords.status, "cancelled"))),
    ).toBe(1000);
    // Audited once, with the filter and the count; no audit row per session.
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, operation.id));
    expect(audit).toMatchObject({
      action: "bulk_operation.cancel_sessions",
      actorId: ops.id,
      details: { filter, count: 1000, matching: 1001 },
    });
    expect(await bulkAudits(operation.id)).toBe(1);
    expect(await t.db.$count(auditLog, eq(auditLog.action, "sync_session.cancel"))).toBe(0);

    // The same request again (same key): the first operation, not a second one.
    const again = await create(ops, { action: "cancel_sessions", filter, idempotencyKey: "cancel-starter-runs" });
    expect(again).toMatchObject({ created: false, operation: { id: operation.id, succeeded: 1000 } });
    expect(await t.db.$count(bulkOperations, eq(bulkOperations.idempotencyKey, "cancel-starter-runs"))).toBe(1);
    const misuse = toErrorBody(
      await create(ops, { action: "retry_failed_sessions", filter, idempotencyKey: "cancel-starter-runs" }).catch((e) => e),
    );
    expect(misuse.status).toBe(409);

    // The same sessions by id: every one is already cancelled, so skipped, not an error.
    const repeat = await create(ops, { action: "cancel_sessions", ids });
    expect(await finished(repeat.operation.id)).toMatchObject({ status: "completed", total: 1000, succeeded: 0, skipped: 1000, failed: 0 });
    // A replayed chunk (a step run again after a crash) changes nothing.
    expect(await processBulkChunk(t.db, repeat.operation.id, 3)).toEqual({ events: [] });
    expect(await getBulkOperation(t.db, repeat.operation.id)).toMatchObject({ processed: 1000, skipped: 1000 });
  });

  it("retry failed creates new sessions only for ended sessions with failed records, once", async () => {
    const starter = await makeUser(t.db, "ops");
    const [a, b] = [await makePostgresInstance(t.db, t.url), await makePostgresInstance(t.db, t.url)];
    const sessions = await t.db
      .insert(syncSessions)
      .values([
        {
          syncType: "manual_batch" as const,
          syncCategory: "account" as const,
          createdBy: starter.id,
          status: "completed" as const,
          failedInstances: 1,
          totalInstances: 1,
        },
        {
          syncType: "manual_batch" as const,
          syncCategory: "capacity" as const,
          createdBy: starter.id,
          status: "failed" as const,
          failedInstances: 1,
          totalInstances: 1,
        },
        {
          syncType: "manual_batch" as const,
          syncCategory: "account" as const,
          createdBy: starter.id,
          status: "completed" as const,
          totalInstances: 1,
        },
      ])
      .returning({ id: syncSessions.id });
    const [failedA, failedB, clean] = sessions.map((s) => s.id) as [string, string, string];
    await t.db.insert(instanceRecords).values([
      { syncSessionId: failedA, instanceId: a.id, status: "failed", errorMessage: "connection refused" },
      { syncSessionId: failedB, instanceId: b.id, status: "failed", errorMessage: "timeout" },
      { syncSessionId: clean, instanceId: a.id, status: "completed" },
    ]);

    const { operation } = await create(ops, { action: "retry_failed_sessions", filter: { createdBy: starter.id! } });
    expect(operation.total).toBe(2);
    expect(await finished(operation.id)).toMatchObject({ status: "completed", succeeded: 2, skipped: 0, failed: 0 });
    const retries = await t.db
      .select()
      .from(syncSessions)
      .where(inArray(syncSessions.retryOf, [failedA, failedB, clean]));
    expect(retries.map((r) => r.retryOf).sort()).toEqual([failedA, failedB].sort());
    expect(retries.every((r) => r.createdBy === ops.id && r.syncType === "manual_batch")).toBe(true);
    expect(await bulkAudits(operation.id)).toBe(1);

    // By id, all three: the two already retried and the clean one are skipped; no new session.
    const repeat = await create(ops, { action: "retry_failed_sessions", ids: [failedA, failedB, clean] });
    expect(await finished(repeat.operation.id)).toMatchObject({ total: 3, succeeded: 0, skipped: 3, failed: 0 });
    expect(await t.db.$count(syncSessions, inArray(syncSessions.retryOf, [failedA, failedB, clean]))).toBe(2);
  });

  it("runs as an Inngest function too: one step per chunk, the cancel events sent after each", async () => {
    expect(functions.map((f) => f.id())).toContain("bulk-operation");
    const starter = await makeUser(t.db, "ops");
    await t.db
      .insert(syncSessions)
      .values(
        Array.from({ length: 150 }, () => ({ syncType: "manual_batch" as const, syncCategory: "config" as const, createdBy: starter.id })),
      );
    // Published nowhere: only the Inngest test engine below runs this operation.
    const ctx = { db: t.db, actor: ops, engine: { enqueue: async () => {} } };
    const { operation } = await createBulkOperation({ ctx, input: { action: "cancel_sessions", filter: { createdBy: starter.id! } } });
    const sent: number[] = [];
    const mockSend = (id: string) => ({ id, handler: () => ({ ids: [] }) });
    const engine = new InngestTestEngine({
      function: toInngestFunction(inngest, bulkOperationWorkflow as unknown as AnyWorkflow, () => ({ db: t.db })),
    });
    const {
      result,
      error,
      ctx: run,
    } = await engine.execute({
      events: [{ name: "bulk/operation.requested", data: { bulkOperationId: operation.id } }],
      steps: [mockSend("chunk-0-events"), mockSend("chunk-1-events")],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "completed", processed: 150, succeeded: 150, skipped: 0, failed: 0 });
    for (const id of ["chunk-0-events", "chunk-1-events"]) {
      const call = (run.step.sendEvent as unknown as { mock: { calls: [string, unknown[]][] } }).mock.calls.find(
        ([stepId]) => stepId === id,
      );
      sent.push(call?.[1].length ?? 0);
    }
    expect(sent).toEqual([100, 50]);
    expect(await t.db.$count(syncSessions, and(eq(syncSessions.createdBy, starter.id!), eq(syncSessions.status, "running")))).toBe(0);
  });

  it("stops and starts auto-sync on live sessions in bulk; an unknown id is counted as failed", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const bound: string[] = [];
    for (const i of [0, 1, 2])
      bound.push(
        (await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: g.pair(i).account.id, storeId: g.pair(i).store.id } }))
          .liveSession.id,
      );
    const autoSync = async () =>
      (await t.db.select({ on: liveSessions.autoSyncEnabled }).from(liveSessions).where(inArray(liveSessions.id, bound))).map((r) => r.on);

    const stop = await create(ops, { action: "stop_auto_sync", filter: {} });
    expect(stop.operation.total).toBe(3);
    expect(await finished(stop.operation.id)).toMatchObject({ status: "completed", succeeded: 3, skipped: 0 });
    expect(await autoSync()).toEqual([false, false, false]);
    expect(await t.db.$count(auditLog, eq(auditLog.action, "live_session.stop_auto_sync"))).toBe(0);
    expect(await bulkAudits(stop.operation.id)).toBe(1);

    const again = await create(ops, { action: "stop_auto_sync", ids: bound });
    expect(await finished(again.operation.id)).toMatchObject({ succeeded: 0, skipped: 3 });

    const missing = "00000000-0000-4000-8000-000000000000";
    const start = await create(ops, { action: "start_auto_sync", ids: [...bound.slice(0, 2), missing] });
    const done = await finished(start.operation.id);
    expect(done).toMatchObject({
      status: "completed",
      total: 3,
      succeeded: 2,
      failed: 1,
      errors: [{ id: missing, message: "No live session with that id" }],
    });
    expect((await autoSync()).filter(Boolean)).toHaveLength(2);

    const viewer = await makeUser(t.db, "viewer");
    expect(toErrorBody(await create(viewer, { action: "start_auto_sync", ids: bound }).catch((e) => e)).status).toBe(403);
    const both = toErrorBody(await create(ops, { action: "start_auto_sync", ids: bound, filter: {} }).catch((e) => e));
    expect(both.status).toBe(400);
  });
});
