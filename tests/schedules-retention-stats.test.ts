import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { instanceRecords, syncLogs, syncSchedules, syncSessions, workflowRuns } from "@/db/schema";
import { toErrorBody } from "@/lib/errors";
import { cleanupOldData } from "@/lib/retention/cleanup";
import { fireDueSchedules } from "@/lib/schedules/fire-due";
import { ensureDefaultSchedules, listSchedules } from "@/lib/schedules/queries";
import { updateSchedule } from "@/lib/schedules/update";
import { sessionStatistics } from "@/lib/statistics/queries";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

describe("scheduled runs", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("sched");
    await ensureDefaultSchedules(t.db);
  });

  it("has the default crons and validates edits by super admins only", async () => {
    const schedules = await listSchedules(t.db);
    expect(Object.fromEntries(schedules.map((s) => [s.category, s.cron]))).toEqual({ account: "0 * * * *", capacity: "0 */6 * * *", config: "30 2 * * *" });
    const admin = await makeUser(t.db, "super_admin");
    const ops = await makeUser(t.db, "ops");
    const bad = toErrorBody(await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "account", cron: "every hour", enabled: true } }).catch((e) => e));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Invalid cron expression/);
    const six = toErrorBody(await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "account", cron: "0 0 * * * *", enabled: true } }).catch((e) => e));
    expect(six.status).toBe(400);
    const denied = toErrorBody(await updateSchedule({ ctx: makeCtx(t.db, ops), input: { category: "account", cron: "*/5 * * * *", enabled: true } }).catch((e) => e));
    expect(denied.status).toBe(403);
    const ok = await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "account", cron: "*/5 * * * *", enabled: true } });
    expect(ok).toMatchObject({ cron: "*/5 * * * *", updatedBy: admin.id });
  });

  it("fires a due schedule once as a scheduled session with no creator, skipping disabled ones", async () => {
    await makePostgresInstance(t.db, t.url, "sched-a");
    await t.db.update(syncSchedules).set({ lastFiredAt: new Date(Date.now() - 2 * 3_600_000) }).where(eq(syncSchedules.category, "account"));
    await t.db.update(syncSchedules).set({ enabled: false, lastFiredAt: new Date(0) }).where(eq(syncSchedules.category, "config"));
    const now = new Date();
    const [a, b] = await Promise.all([fireDueSchedules(t.db, now), fireDueSchedules(t.db, now)]);
    const ids = [...a, ...b];
    expect(ids).toHaveLength(1);
    const [session] = await t.db.select().from(syncSessions).where(eq(syncSessions.id, ids[0]!));
    expect(session).toMatchObject({ syncType: "scheduled", syncCategory: "account", createdBy: null, status: "running" });
    expect(await fireDueSchedules(t.db, now)).toEqual([]);
  });
});

describe("retention and statistics", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("retain");
  });

  it("removes only finished runs older than the retention, with their records", async () => {
    const inst = await makePostgresInstance(t.db, t.url);
    const old = new Date(Date.now() - 40 * 86_400_000);
    const sessions = await t.db
      .insert(syncSessions)
      .values([
        ...Array.from({ length: 1203 }, () => ({ syncType: "scheduled" as const, syncCategory: "account" as const, status: "completed" as const, startedAt: old, completedAt: old })),
        { syncType: "scheduled", syncCategory: "account", status: "running", startedAt: old },
        { syncType: "manual_batch", syncCategory: "account", status: "completed", startedAt: new Date(), completedAt: new Date() },
      ])
      .returning({ id: syncSessions.id });
    await t.db.insert(instanceRecords).values(sessions.map((s) => ({ syncSessionId: s.id, instanceId: inst.id, status: "completed" as const })));
    await t.db.insert(workflowRuns).values({ workflowId: "batch-sync", eventName: "x", eventData: {}, status: "completed", createdAt: old });
    const removed = await cleanupOldData(t.db, 30, 0);
    expect(removed).toEqual({ sessions: 1203, syncLogs: 0, engineRuns: 1 });
    expect(await t.db.$count(syncSessions)).toBe(2);
    expect(await t.db.$count(instanceRecords)).toBe(2);
    expect(await t.db.$count(syncLogs)).toBe(0);
  });

  it("computes runs over time, success rate, durations and top failing instances", async () => {
    await t.db.execute(sql`truncate sync_sessions cascade`);
    const a = await makePostgresInstance(t.db, t.url, "stats-a");
    const b = await makePostgresInstance(t.db, t.url, "stats-b");
    const at = (minsAgo: number) => new Date(Date.now() - minsAgo * 60_000);
    const mk = async (status: "completed" | "failed" | "cancelled", durSec: number, failed: string[], ok: string[]) => {
      const [s] = await t.db
        .insert(syncSessions)
        .values({ syncType: "manual_batch", syncCategory: "account", status, startedAt: at(60), completedAt: new Date(at(60).getTime() + durSec * 1000), failedInstances: failed.length, successfulInstances: ok.length })
        .returning();
      for (const id of failed) await t.db.insert(instanceRecords).values({ syncSessionId: s!.id, instanceId: id, status: "failed", errorMessage: "boom", completedAt: at(59) });
      for (const id of ok) await t.db.insert(instanceRecords).values({ syncSessionId: s!.id, instanceId: id, status: "completed", itemsSynced: 10, itemsCreated: 2 });
    };
    await mk("completed", 10, [], [a.id, b.id]);
    await mk("completed", 20, [b.id], [a.id]);
    await mk("failed", 30, [a.id, b.id], []);
    await mk("cancelled", 1, [], []);
    const stats = await sessionStatistics(t.db, { timeframe: "24h" });
    expect(stats.totals.runs).toBe(4);
    expect(stats.totals.successRate).toBeCloseTo(1 / 3);
    expect(stats.runsOverTime.reduce((n, r) => n + r.completed + r.partial + r.failed + r.cancelled, 0)).toBe(4);
    expect(stats.runsOverTime.reduce((n, r) => n + r.partial, 0)).toBe(1);
    expect(stats.durations).toEqual([{ category: "account", runs: 3, p50_ms: 20000, p95_ms: 29000 }]);
    expect(stats.itemsOverTime.reduce((n, r) => n + r.synced, 0)).toBe(30);
    expect(stats.topFailingInstances.map((f) => [f.name, f.failures])).toEqual([["stats-b", 2], ["stats-a", 1]]);
    expect((await sessionStatistics(t.db, { timeframe: "24h", category: "config" })).totals.runs).toBe(0);
    expect(toErrorBody(await sessionStatistics(t.db, { timeframe: "1y" }).catch((e) => e)).status).toBe(400);
  });
});
