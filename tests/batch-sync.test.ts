import { eq } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, instanceRecords, syncSessions, upstreamAccounts, workflowRuns } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";
import { makeRunner, waitFor } from "./helpers/runner";

describe("manual account batch on the embedded runner", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let roleCount = 0;

  beforeAll(async () => {
    t = await useTestDatabase("batch");
  });

  it("creates the session and one pending record per instance in one transaction, audited", async () => {
    const ops = await makeUser(t.db, "ops");
    const a = await makePostgresInstance(t.db, t.url);
    const b = await makePostgresInstance(t.db, t.url);
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [a.id, b.id] } });
    expect(session).toMatchObject({ syncType: "manual_batch", status: "running", totalInstances: 2, createdBy: ops.id });
    const records = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
    expect(records.map((r) => r.status)).toEqual(["pending", "pending"]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, session.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "sync_session.start", actorId: ops.id });
    const runs = await t.db.select().from(workflowRuns).where(eq(workflowRuns.eventName, "sync/batch.requested"));
    expect(runs.some((r) => r.eventData.sessionId === session.id)).toBe(true);

    // Keys are time-ordered (version 7): a later run's id sorts after an earlier one's.
    expect(session.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(records.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-7/.test(r.id))).toBe(true);
    await t.db.update(syncSessions).set({ status: "cancelled" }).where(eq(syncSessions.id, session.id));
    const later = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [a.id] } });
    expect(later.id > session.id).toBe(true);
    await t.db.update(syncSessions).set({ status: "cancelled" }).where(eq(syncSessions.id, later.id));
  });

  it("makes one record per instance when the request names an instance twice", async () => {
    const ops = await makeUser(t.db, "ops");
    const a = await makePostgresInstance(t.db, t.url);
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [a.id, a.id] } });
    expect(session.totalInstances).toBe(1);
    expect(await t.db.$count(instanceRecords, eq(instanceRecords.syncSessionId, session.id))).toBe(1);
    await t.db.update(syncSessions).set({ status: "cancelled" }).where(eq(syncSessions.id, session.id));
  });

  it("refuses a viewer with 403 and leaves nothing behind", async () => {
    const viewer = await makeUser(t.db, "viewer");
    const before = await t.db.$count(syncSessions);
    const err = await startBatch({ ctx: makeCtx(t.db, viewer), input: { category: "account" } }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(403);
    expect(await t.db.$count(syncSessions)).toBe(before);
  });

  it("rejects unknown instances, bad input and unsupported categories with 4xx and creates nothing", async () => {
    const ops = await makeUser(t.db, "ops");
    const before = await t.db.$count(syncSessions);
    const cases: [unknown, number][] = [
      [{ category: "account", instanceIds: ["00000000-0000-4000-8000-000000000000"] }, 404],
      [{ category: "account", instanceIds: ["not-a-uuid"] }, 400],
      [{ category: "bogus" }, 400],
      [{ category: "other" }, 400],
      [{ category: "account", extra: true }, 400],
      ["nonsense", 400],
    ];
    for (const [input, status] of cases) {
      const err = await startBatch({ ctx: makeCtx(t.db, ops), input }).catch((e) => e);
      const mapped = (await import("@/lib/errors")).toErrorBody(err);
      expect(mapped.status, JSON.stringify(input)).toBe(status);
      expect(mapped.body.error.message.length).toBeGreaterThan(5);
    }
    expect(await t.db.$count(syncSessions)).toBe(before);
  });

  it("syncs every instance, records counts, and finalises the session", () =>
    withServerRoleLock(t.serverUrl, async () => {
      const admin = postgres(t.serverUrl, { max: 1 });
      const [row] = await admin<{ roleCount: number }[]>`select count(*)::int as "roleCount" from pg_roles where rolname !~ '^pg_'`;
      roleCount = row!.roleCount;
      await admin.end();
      const ops = await makeUser(t.db, "ops");
      const good = await makePostgresInstance(t.db, t.url, "good-one");
      const down = await makePostgresInstance(t.db, "postgres://x:topsecret@127.0.0.1:1/nowhere", "down-one");
      const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [good.id, down.id] } });
      const runner = makeRunner(t);
      await runner.start();
      try {
        const done = await waitFor(async () => {
          const s = await getSyncSession(t.db, session.id);
          return s.status !== "running" && s;
        }, "session to finish");
        expect(done.status).toBe("completed");
        expect(done).toMatchObject({ successfulInstances: 1, failedInstances: 1, totalInstances: 2 });
        const ok = done.records.find((r) => r.instanceName === "good-one")!;
        expect(ok).toMatchObject({
          status: "completed",
          itemsSynced: roleCount,
          itemsCreated: roleCount,
          itemsUpdated: 0,
          itemsDeleted: 0,
          attempt: 1,
        });
        const failed = done.records.find((r) => r.instanceName === "down-one")!;
        expect(failed.status).toBe("failed");
        expect(failed.errorMessage).toMatch(/Connection refused/);
        expect(failed.errorMessage).not.toContain("topsecret");

        // Second run over the same instance: nothing new, no duplicate rows.
        const again = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [good.id] } });
        const second = await waitFor(async () => {
          const s = await getSyncSession(t.db, again.id);
          return s.status !== "running" && s;
        }, "second session");
        expect(second.records[0]).toMatchObject({ itemsSynced: roleCount, itemsCreated: 0, itemsUpdated: 0, itemsDeleted: 0 });
        expect(await t.db.$count(upstreamAccounts, eq(upstreamAccounts.instanceId, good.id))).toBe(roleCount);
      } finally {
        await runner.stop();
      }
    }));
});
