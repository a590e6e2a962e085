import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  instanceRecords,
  sessionRollups,
  sessionRollupsDaily,
  signInThrottle,
  syncLogs,
  syncSchedules,
  syncSessions,
  workflowRuns,
} from "@/db/schema";
import { DURATION_BOUNDS_MS, rebuildSessionRollups } from "@/lib/analytics/rollup";
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
    expect(Object.fromEntries(schedules.map((s) => [s.category, s.cron]))).toEqual({
      account: "0 * * * *",
      capacity: "0 */6 * * *",
      config: "30 2 * * *",
    });
    const admin = await makeUser(t.db, "super_admin");
    const ops = await makeUser(t.db, "ops");
    const bad = toErrorBody(
      await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "account", cron: "every hour", enabled: true } }).catch(
        (e) => e,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Invalid cron expression/);
    const six = toErrorBody(
      await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "account", cron: "0 0 * * * *", enabled: true } }).catch(
        (e) => e,
      ),
    );
    expect(six.status).toBe(400);
    // Parses, but 31 February never comes: refused, and the stored cron stays.
    const never = toErrorBody(
      await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "account", cron: "0 0 31 2 *", enabled: true } }).catch(
        (e) => e,
      ),
    );
    expect(never.status).toBe(400);
    expect(never.body.error.message).toMatch(/no run in the next 5 years/);
    expect((await listSchedules(t.db)).find((s) => s.category === "account")?.cron).toBe("0 * * * *");
    const leapDay = await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "config", cron: "0 0 29 2 *", enabled: true } });
    expect(leapDay.cron).toBe("0 0 29 2 *");
    await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "config", cron: "30 2 * * *", enabled: true } });
    const denied = toErrorBody(
      await updateSchedule({ ctx: makeCtx(t.db, ops), input: { category: "account", cron: "*/5 * * * *", enabled: true } }).catch((e) => e),
    );
    expect(denied.status).toBe(403);
    const ok = await updateSchedule({ ctx: makeCtx(t.db, admin), input: { category: "account", cron: "*/5 * * * *", enabled: true } });
    expect(ok).toMatchObject({ cron: "*/5 * * * *", updatedBy: admin.id });
  });

  it("fires a due schedule once as a scheduled session with no creator, skipping disabled ones", async () => {
    await makePostgresInstance(t.db, t.url, "sched-a");
    await t.db
      .update(syncSchedules)
      .set({ lastFiredAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(eq(syncSchedules.category, "account"));
    await t.db
      .update(syncSchedules)
      .set({ enabled: false, lastFiredAt: new Date(0) })
      .where(eq(syncSchedules.category, "config"));
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
        ...Array.from({ length: 1203 }, () => ({
          syncType: "scheduled" as const,
          syncCategory: "account" as const,
          status: "completed" as const,
          startedAt: old,
          completedAt: old,
        })),
        { syncType: "scheduled", syncCategory: "account", status: "running", startedAt: old },
        { syncType: "manual_batch", syncCategory: "account", status: "completed", startedAt: new Date(), completedAt: new Date() },
      ])
      .returning({ id: syncSessions.id });
    await t.db
      .insert(instanceRecords)
      .values(sessions.map((s) => ({ syncSessionId: s.id, instanceId: inst.id, status: "completed" as const })));
    await t.db
      .insert(workflowRuns)
      .values({ workflowId: "batch-sync", eventName: "x", eventData: {}, status: "completed", createdAt: old });
    // An hourly rollup older than the retention goes, a recent one and the daily ones stay; so does a stale sign-in count.
    await rebuildSessionRollups(t.db);
    const hourly = await t.db.$count(sessionRollups);
    const daily = await t.db.$count(sessionRollupsDaily);
    expect(hourly).toBeGreaterThanOrEqual(2);
    await t.db.insert(signInThrottle).values([
      { email: "stale@test.local", failures: 3, windowStartedAt: old },
      { email: "locked@test.local", failures: 0, windowStartedAt: old, lockedUntil: new Date(Date.now() + 600_000) },
      { email: "current@test.local", failures: 2 },
    ]);
    const removed = await cleanupOldData(t.db, 30, 0);
    expect(removed).toEqual({ sessions: 1203, syncLogs: 0, engineRuns: 1, hourlyRollups: hourly - 1, signInThrottle: 1 });
    expect(await t.db.$count(sessionRollups)).toBe(1);
    expect(await t.db.$count(sessionRollupsDaily)).toBe(daily);
    expect((await t.db.select().from(signInThrottle)).map((r) => r.email).sort()).toEqual(["current@test.local", "locked@test.local"]);
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
        .values({
          syncType: "manual_batch",
          syncCategory: "account",
          status,
          startedAt: at(60),
          completedAt: new Date(at(60).getTime() + durSec * 1000),
          failedInstances: failed.length,
          successfulInstances: ok.length,
        })
        .returning();
      for (const id of failed)
        await t.db
          .insert(instanceRecords)
          .values({ syncSessionId: s!.id, instanceId: id, status: "failed", errorMessage: "boom", completedAt: at(59) });
      for (const id of ok)
        await t.db
          .insert(instanceRecords)
          .values({ syncSessionId: s!.id, instanceId: id, status: "completed", itemsSynced: 10, itemsCreated: 2 });
    };
    await mk("completed", 10, [], [a.id, b.id]);
    await mk("completed", 20, [b.id], [a.id]);
    await mk("failed", 30, [a.id, b.id], []);
    await mk("cancelled", 1, [], []);
    // Inserted as ended runs directly: count them into the rollups as finishing them would.
    await rebuildSessionRollups(t.db);
    const stats = await sessionStatistics(t.db, { timeframe: "24h" });
    expect(stats.totals.runs).toBe(4);
    expect(stats.totals.successRate).toBeCloseTo(1 / 3);
    expect(stats.runsOverTime.reduce((n, r) => n + r.completed + r.partial + r.failed + r.cancelled, 0)).toBe(4);
    expect(stats.runsOverTime.reduce((n, r) => n + r.partial, 0)).toBe(1);
    // 10 s, 20 s, 30 s: histogram estimates (p50 halfway through the 20–30 s bucket, p95 capped by the longest run).
    expect(stats.durations).toEqual([{ category: "account", runs: 3, p50_ms: 25000, p95_ms: 30000 }]);
    expect(stats.itemsOverTime.reduce((n, r) => n + r.synced, 0)).toBe(30);
    expect(stats.topFailingInstances.map((f) => [f.name, f.failures])).toEqual([
      ["stats-b", 2],
      ["stats-a", 1],
    ]);
    for (const timeframe of ["24h", "30d"] as const) {
      const inCategory = await sessionStatistics(t.db, { timeframe, category: "account" });
      expect(inCategory.topFailingInstances.map((f) => [f.name, f.failures, f.lastError])).toEqual([
        ["stats-b", 2, "boom"],
        ["stats-a", 1, "boom"],
      ]);
      expect((await sessionStatistics(t.db, { timeframe, category: "config" })).topFailingInstances).toEqual([]);
    }
    expect((await sessionStatistics(t.db, { timeframe: "24h", category: "config" })).totals.runs).toBe(0);
    expect(toErrorBody(await sessionStatistics(t.db, { timeframe: "1y" }).catch((e) => e)).status).toBe(400);
  });

  it("statistics from the rollups equal a from-scratch aggregation of the runs (percentiles within their histogram bucket)", async () => {
    await t.db.execute(sql`truncate sync_sessions cascade`);
    const inst = await makePostgresInstance(t.db, t.url, "stats-mix");
    const now = Date.now();
    const cats = ["account", "capacity", "config"] as const;
    const statuses = ["completed", "completed", "partial", "failed", "cancelled"] as const;
    // Deterministic mix over 31 days, including runs in the partial first hour of each window and runs still going.
    const runs = Array.from({ length: 240 }, (_, i) => {
      const status = i % 17 === 0 ? ("running" as const) : statuses[i % statuses.length]!;
      const startedAt = new Date(now - ((i * 7919) % (31 * 24 * 60)) * 60_000 - (i % 3) * 1000);
      const ms = 50 + ((i * 104_729) % 4_000_000);
      return { i, status, category: cats[i % 3]!, startedAt, ms, items: (i * 13) % 97 };
    });
    // In each window's partial first hour, and just before it.
    for (const [k, days] of [1, 7, 30].entries())
      for (const offset of [5 * 60_000, -60_000])
        runs.push({ ...runs[k]!, status: "completed", category: "capacity", startedAt: new Date(now - days * 86_400_000 + offset) });
    const inserted = await t.db
      .insert(syncSessions)
      .values(
        runs.map((r) => ({
          syncType: "scheduled" as const,
          syncCategory: r.category,
          status: r.status === "partial" ? ("completed" as const) : r.status,
          startedAt: r.startedAt,
          completedAt: r.status === "running" ? null : new Date(r.startedAt.getTime() + r.ms),
          totalInstances: 1,
          successfulInstances: r.status === "completed" ? 1 : 0,
          failedInstances: r.status === "partial" || r.status === "failed" ? 1 : 0,
        })),
      )
      .returning({ id: syncSessions.id });
    await t.db
      .insert(instanceRecords)
      .values(
        inserted.map((s, k) => ({ syncSessionId: s.id, instanceId: inst.id, status: "completed" as const, itemsSynced: runs[k]!.items })),
      );
    await rebuildSessionRollups(t.db);

    const bounds = [0, ...DURATION_BOUNDS_MS, Infinity];
    const slotOf = (ms: number) => bounds.findIndex((b, k) => ms >= b && ms < bounds[k + 1]!);
    for (const timeframe of ["24h", "7d", "30d"] as const)
      for (const category of [undefined, "capacity"] as const) {
        const stats = await sessionStatistics(t.db, { timeframe, category }, new Date(now));
        const since = now - { "24h": 1, "7d": 7, "30d": 30 }[timeframe] * 86_400_000;
        const inWindow = runs.filter((r) => r.startedAt.getTime() >= since && (!category || r.category === category));
        const n = (st: string) => inWindow.filter((r) => r.status === st).length;
        const sum = (k: "completed" | "partial" | "failed" | "cancelled" | "running") => stats.runsOverTime.reduce((a, r) => a + r[k], 0);
        const label = `${timeframe} ${category ?? "all"}`;
        expect(inWindow.length, label).toBeGreaterThan(2);
        expect(stats.totals.runs, label).toBe(inWindow.length);
        expect([sum("completed"), sum("partial"), sum("failed"), sum("cancelled"), sum("running")], label).toEqual([
          n("completed"),
          n("partial"),
          n("failed"),
          n("cancelled"),
          n("running"),
        ]);
        expect(stats.totals.successRate, label).toBeCloseTo(n("completed") / (n("completed") + n("partial") + n("failed")));
        const unit = timeframe === "24h" ? 3_600_000 : 86_400_000;
        for (const b of stats.runsOverTime) {
          const here = inWindow.filter((r) => Math.floor(r.startedAt.getTime() / unit) * unit === Date.parse(b.bucket));
          expect(b.completed + b.partial + b.failed + b.cancelled + b.running, `${label} ${b.bucket}`).toBe(here.length);
        }
        const ended = inWindow.filter((r) => r.status !== "running");
        expect(
          stats.itemsOverTime.reduce((a, r) => a + r.synced, 0),
          label,
        ).toBe(ended.reduce((a, r) => a + r.items, 0));
        for (const c of category ? [category] : cats) {
          const ms = inWindow
            .filter((r) => r.category === c && r.status !== "running" && r.status !== "cancelled")
            .map((r) => r.ms)
            .sort((a, b) => a - b);
          const d = stats.durations.find((x) => x.category === c)!;
          expect(d.runs, `${label} ${c}`).toBe(ms.length);
          for (const [p, est] of [
            [0.5, d.p50_ms],
            [0.95, d.p95_ms],
          ] as const) {
            const exact = ms[Math.max(0, Math.ceil(p * ms.length) - 1)]!;
            const slot = slotOf(exact);
            expect(est!, `${label} ${c} p${p * 100}`).toBeGreaterThanOrEqual(bounds[slot]! - 1);
            expect(est!, `${label} ${c} p${p * 100}`).toBeLessThanOrEqual(Math.min(bounds[slot + 1]!, ms.at(-1)!) + 1);
          }
        }
      }
  });
});
