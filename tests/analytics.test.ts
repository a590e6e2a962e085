import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, instanceRecords, sessionRollups, sessionRollupsDaily, syncSessions, type SyncCategory } from "@/db/schema";
import { sessionAnalytics, histogramPercentile } from "@/lib/analytics/queries";
import { backfillSessionRollupsIfEmpty, DURATION_BOUNDS_MS, HIST_SLOTS, rebuildSessionRollups } from "@/lib/analytics/rollup";
import { toErrorBody } from "@/lib/errors";
import { finalizeSyncSession } from "@/lib/sync/finalize-session";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { createBatchSession } from "@/lib/sync-sessions/create-session";
import { parseSessionIncludes, sessionLogs, sessionStats } from "@/lib/sync-sessions/logs-stats";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { updateSyncSession } from "@/lib/sync-sessions/update";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

type Outcome = "completed" | "partial" | "failed" | "cancelled";
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("session analytics: rollups, queries, include=logs,stats, label/note edits", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let instanceIds: string[];
  let ops: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await useTestDatabase("analytics");
    ops = await makeUser(t.db, "ops");
    instanceIds = [];
    for (let i = 0; i < 3; i++) instanceIds.push((await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:1/db", `an-${i}`)).id);
  });

  /**
   * A run that started `agoMs` ago (finalize stamps now(), so a finished run lasted that long) whose
   * records took up to `durationMs` and ended as `outcome`, finished the way the engine finishes it
   * (finalize, here twice concurrently and once more) or cancelled.
   */
  async function run(opts: {
    category?: SyncCategory;
    type?: "scheduled" | "manual_batch";
    agoMs: number;
    durationMs: number;
    outcome: Outcome;
    items?: number;
  }) {
    const session = await t.db.transaction((tx) =>
      createBatchSession(tx, { category: opts.category ?? "account", syncType: opts.type ?? "manual_batch", instanceIds, createdBy: null }),
    );
    const started = new Date(Date.now() - opts.agoMs);
    await t.db.update(syncSessions).set({ startedAt: started }).where(eq(syncSessions.id, session.id));
    const records = await t.db
      .select()
      .from(instanceRecords)
      .where(eq(instanceRecords.syncSessionId, session.id))
      .orderBy(instanceRecords.id);
    const statuses =
      opts.outcome === "completed"
        ? ["completed", "completed", "completed"]
        : opts.outcome === "partial"
          ? ["completed", "failed", "completed"]
          : opts.outcome === "failed"
            ? ["failed", "failed", "failed"]
            : ["completed", "running", "pending"];
    for (const [i, r] of records.entries()) {
      const status = statuses[i] as "completed" | "failed" | "running" | "pending";
      await t.db
        .update(instanceRecords)
        .set({
          status,
          startedAt: status === "pending" ? null : started,
          completedAt: status === "completed" || status === "failed" ? new Date(started.getTime() + (opts.durationMs * (i + 1)) / 3) : null,
          itemsSynced: status === "completed" ? (opts.items ?? 10) + i : 0,
          errorMessage: status === "failed" ? "connection refused" : null,
          failureClass: status === "failed" ? (i === 0 ? "auth" : "network") : null,
          attempt: status === "pending" ? 0 : 1,
        })
        .where(eq(instanceRecords.id, r.id));
    }
    if (opts.outcome === "cancelled") {
      await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
    } else {
      await Promise.all([finalizeSyncSession(t.db, session.id), finalizeSyncSession(t.db, session.id)]);
      await finalizeSyncSession(t.db, session.id);
    }
    return session.id;
  }

  /** What the rollups must hold, aggregated here from the sessions one by one. */
  async function expectedRollups(width = HOUR) {
    const rows = await t.db.execute<{
      started_at: string;
      sync_type: string;
      sync_category: string;
      status: string;
      total: number;
      failed: number;
      ms: number | null;
      items: number;
    }>(sql`
      select s.started_at::text, s.sync_type, s.sync_category, s.status, s.total_instances as total, s.failed_instances as failed,
        case when s.status <> 'cancelled' then round(extract(epoch from s.completed_at - s.started_at) * 1000)::float8 end as ms,
        (select coalesce(sum(items_synced), 0)::int from instance_records r where r.sync_session_id = s.id) as items
      from sync_sessions s where s.status <> 'running'`);
    type Acc = {
      runs: number;
      completed: number;
      partial: number;
      failed: number;
      cancelled: number;
      durationMsSum: number;
      durationMsMax: number;
      itemsSynced: number;
      instancesTotal: number;
      instancesFailed: number;
      hist: number[];
    };
    const out = new Map<string, Acc>();
    for (const r of rows) {
      const hour = new Date(Math.floor(new Date(r.started_at).getTime() / width) * width).toISOString();
      const key = `${hour}|${r.sync_type}|${r.sync_category}`;
      const n = out.get(key) ?? {
        runs: 0,
        completed: 0,
        partial: 0,
        failed: 0,
        cancelled: 0,
        durationMsSum: 0,
        durationMsMax: 0,
        itemsSynced: 0,
        instancesTotal: 0,
        instancesFailed: 0,
        hist: Array<number>(HIST_SLOTS).fill(0),
      };
      n.runs++;
      if (r.status === "completed") n[r.failed > 0 ? "partial" : "completed"]++;
      else n[r.status as "failed" | "cancelled"]++;
      if (r.ms !== null) {
        n.durationMsSum += r.ms;
        n.durationMsMax = Math.min(2 ** 31 - 1, Math.max(n.durationMsMax, r.ms));
        const slot = DURATION_BOUNDS_MS.findIndex((b) => r.ms! < b);
        n.hist[slot === -1 ? DURATION_BOUNDS_MS.length : slot]! += 1;
      }
      n.itemsSynced += r.items;
      n.instancesTotal += r.total;
      n.instancesFailed += r.failed;
      out.set(key, n);
    }
    return out;
  }

  async function actualRollups(table: typeof sessionRollups | typeof sessionRollupsDaily = sessionRollups) {
    const rows = await t.db.select().from(table);
    return new Map(
      rows.map(({ bucketStart, syncType, syncCategory, durationHist, ...rest }) => [
        `${bucketStart.toISOString()}|${syncType}|${syncCategory}`,
        { ...rest, hist: durationHist },
      ]),
    );
  }

  const finishedRuns: string[] = [];

  it("keeps rollups equal to a from-scratch aggregation, counting each run once however often it is finalized", async () => {
    const plan: Parameters<typeof run>[0][] = [
      { agoMs: 20 * MIN, durationMs: 800, outcome: "completed" },
      { agoMs: 25 * MIN, durationMs: 3_000, outcome: "partial", items: 5 },
      { agoMs: 30 * MIN, durationMs: 40_000, outcome: "failed", category: "capacity" },
      { agoMs: 35 * MIN, durationMs: 1_500, outcome: "cancelled" },
      { agoMs: 3 * HOUR, durationMs: 12_000, outcome: "completed", type: "scheduled" },
      { agoMs: 3 * HOUR + 5 * MIN, durationMs: 90_000, outcome: "partial", type: "scheduled", category: "config" },
      { agoMs: 3 * 24 * HOUR, durationMs: 400, outcome: "completed" },
      { agoMs: 10 * 24 * HOUR, durationMs: 7_000, outcome: "failed" },
      { agoMs: 45 * 24 * HOUR, durationMs: 2_000, outcome: "completed" },
    ];
    for (const p of plan) finishedRuns.push(await run(p));
    // A session still running is not counted anywhere.
    await t.db.transaction((tx) => createBatchSession(tx, { category: "other", syncType: "manual_batch", instanceIds, createdBy: null }));

    const expected = await expectedRollups();
    expect(await actualRollups()).toEqual(expected);
    // The daily level (7d, 30d) holds the same runs per UTC day.
    const expectedDaily = await expectedRollups(24 * HOUR);
    expect(await actualRollups(sessionRollupsDaily)).toEqual(expectedDaily);
    expect([...expected.values()].reduce((a, e) => a + e.runs, 0)).toBe(plan.length);

    // Cancelling or finalizing a finished run again changes nothing.
    const again = toErrorBody(await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: finishedRuns[0]! } }).catch((e) => e));
    expect(again.status).toBe(409);
    for (const id of finishedRuns) await finalizeSyncSession(t.db, id);
    expect(await actualRollups()).toEqual(expected);

    // A rebuild from the sessions, and the start-up backfill after an upgrade, give the same rows.
    await rebuildSessionRollups(t.db);
    expect(await actualRollups()).toEqual(expected);
    expect(await actualRollups(sessionRollupsDaily)).toEqual(expectedDaily);
    expect(await backfillSessionRollupsIfEmpty(t.db)).toBeNull();
    await t.db.delete(sessionRollups);
    expect(await backfillSessionRollupsIfEmpty(t.db)).toBe(expected.size);
    expect(await actualRollups()).toEqual(expected);
  });

  it("answers every timeframe with its bucket size, a dense series and totals", async () => {
    const day = await sessionAnalytics(t.db, { timeframe: "24h" });
    expect(day).toMatchObject({ bucket: "1h", bucketSeconds: 3600, source: "rollups", metric: "all", type: null, category: null });
    expect(day.series).toHaveLength(24);
    // Last 24h: the four recent runs and the two three hours ago.
    expect(day.totals).toMatchObject({ runs: 6, completed: 2, partial: 2, failed: 1, cancelled: 1, instances: 18, instancesFailed: 5 });
    expect(day.totals.successRate).toBeCloseTo(2 / 5);
    expect(day.totals.itemsSynced).toBe(33 + 12 + 0 + 10 + 33 + 22);
    expect(day.series.reduce((a, p) => a + p.runs, 0)).toBe(6);
    // Runs lasted 20, 25, 30 min, 3 h and 3 h 5 min (the cancelled one does not count), give or take the test's own time.
    const max = day.totals.durationMaxMs!;
    expect(max).toBeGreaterThanOrEqual(185 * MIN);
    expect(max).toBeLessThan(186 * MIN);
    expect(day.totals.durationAvgMs! / MIN).toBeCloseTo((20 + 25 + 30 + 180 + 185) / 5, 0);
    // From the histogram: p50 lies in the 30–60 min slot, p95 in the 2–6 h slot below the max.
    expect(day.totals.durationP50Ms).toBeGreaterThanOrEqual(30 * MIN);
    expect(day.totals.durationP50Ms).toBeLessThan(60 * MIN);
    expect(day.totals.durationP95Ms).toBeGreaterThanOrEqual(120 * MIN);
    expect(day.totals.durationP95Ms).toBeLessThanOrEqual(max);

    const hour = await sessionAnalytics(t.db, { timeframe: "1h" });
    expect(hour).toMatchObject({ bucket: "5m", bucketSeconds: 300, source: "sessions" });
    expect(hour.series).toHaveLength(12);
    expect(hour.totals).toMatchObject({ runs: 4, completed: 1, partial: 1, failed: 1, cancelled: 1, itemsSynced: 33 + 12 + 10 });
    // Exact from the runs themselves: the median of 20, 25 and 30 minutes.
    expect(hour.totals.durationP50Ms! / MIN).toBeCloseTo(25, 1);
    expect(hour.series.reduce((a, p) => a + p.runs, 0)).toBe(4);
    expect(new Date(hour.series[0]!.start).getTime()).toBe(new Date(hour.from).getTime());

    const week = await sessionAnalytics(t.db, { timeframe: "7d" });
    expect(week).toMatchObject({ bucket: "1d", series: expect.any(Array) });
    expect(week.series).toHaveLength(7);
    expect(week.totals.runs).toBe(7);
    const month = await sessionAnalytics(t.db, { timeframe: "30d" });
    expect(month.series).toHaveLength(30);
    expect(month.totals.runs).toBe(8);
    expect(
      month.series.every((p, i) => i === 0 || new Date(p.start).getTime() - new Date(month.series[i - 1]!.start).getTime() === 86_400_000),
    ).toBe(true);
  });

  it("filters by type and category and trims points to the metric asked for", async () => {
    const scheduled = await sessionAnalytics(t.db, { timeframe: "24h", type: "scheduled" });
    expect(scheduled.totals).toMatchObject({ runs: 2, completed: 1, partial: 1 });
    expect(scheduled.type).toBe("scheduled");
    const capacity = await sessionAnalytics(t.db, { timeframe: "30d", category: "capacity" });
    expect(capacity.totals).toMatchObject({ runs: 1, failed: 1, successRate: 0 });
    const none = await sessionAnalytics(t.db, { timeframe: "1h", type: "scheduled", category: "config" });
    expect(none.totals).toMatchObject({ runs: 0, successRate: null, durationP50Ms: null });

    const fields = async (metric: string) => Object.keys((await sessionAnalytics(t.db, { timeframe: "24h", metric })).series[0]!).sort();
    expect(await fields("count")).toEqual(["cancelled", "completed", "failed", "partial", "runs", "start"]);
    expect(await fields("success_rate")).toEqual(["runs", "start", "successRate"]);
    expect(await fields("duration")).toEqual(["durationAvgMs", "durationMaxMs", "durationP50Ms", "durationP95Ms", "runs", "start"]);
    expect(await fields("items")).toEqual(["instances", "instancesFailed", "itemsSynced", "runs", "start"]);
    expect((await fields("all")).length).toBe(14);

    for (const bad of [{ timeframe: "1y" }, { metric: "p99" }, { type: "cron" }, { category: "x" }, { sort: "asc" }]) {
      expect(toErrorBody(await sessionAnalytics(t.db, bad).catch((e) => e)).status).toBe(400);
    }
  });

  it("estimates percentiles from the histogram within the right slot", () => {
    const hist = Array(HIST_SLOTS).fill(0) as number[];
    hist[3] = 10; // 500 ms – 1 s
    expect(histogramPercentile(hist, 0.5, 900)).toBe(700);
    expect(histogramPercentile(hist, 0.95, 900)).toBe(880);
    expect(histogramPercentile(Array(HIST_SLOTS).fill(0), 0.5, 0)).toBeNull();
  });

  it("include=logs,stats: the records' timeline with errors, the audit entries, and record statistics", async () => {
    const partial = finishedRuns[1]!;
    expect([...parseSessionIncludes({ include: "stats,logs" })].sort()).toEqual(["logs", "stats"]);
    expect(parseSessionIncludes({}).size).toBe(0);
    for (const bad of [{ include: "records" }, { include: "logs,," }, { expand: "logs" }])
      expect(
        toErrorBody(
          (() => {
            try {
              parseSessionIncludes(bad);
            } catch (e) {
              return e;
            }
          })(),
        ).status,
      ).toBe(400);

    const stats = await sessionStats(t.db, partial);
    expect(stats).toEqual({
      records: { total: 3, pending: 0, running: 0, completed: 2, failed: 1, cancelled: 0 },
      items: { synced: 5 + 7, created: 0, updated: 0, deleted: 0, invalid: 0 },
      durations: { p50Ms: 2_000, p95Ms: 2_900, avgMs: 2_000, maxMs: 3_000 },
      failureClasses: { network: 1 },
    });

    const logs = await sessionLogs(t.db, partial);
    const recordEvents = logs.filter((l) => l.source === "record");
    expect(recordEvents.filter((l) => l.event === "started")).toHaveLength(3);
    expect(recordEvents.find((l) => l.event === "failed")).toMatchObject({
      message: "connection refused",
      failureClass: "network",
      durationMs: 2_000,
      instanceName: expect.stringMatching(/^an-/),
    });
    expect(logs.map((l) => l.at.getTime())).toEqual([...logs.map((l) => l.at.getTime())].sort((a, b) => a - b));

    // The cancelled run: the cancel is in its log as an audit entry; pending records never started.
    const cancelled = await sessionLogs(t.db, finishedRuns[3]!);
    expect(cancelled.filter((l) => l.source === "audit").map((l) => l.event)).toEqual(["sync_session.cancel"]);
    expect(cancelled.filter((l) => l.source === "record" && l.event === "cancelled")).toHaveLength(2);
    expect((await sessionStats(t.db, finishedRuns[3]!)).records).toMatchObject({ completed: 1, cancelled: 2 });
  });

  it("edits label and note with optimistic locking: 428 without a version, 412 when stale and nothing changes", async () => {
    const id = finishedRuns[0]!;
    const ctx = makeCtx(t.db, ops);
    const before = await getSyncSession(t.db, id);
    const err = async (input: Record<string, unknown>, c = ctx) =>
      toErrorBody(await updateSyncSession({ ctx: c, input: { sessionId: id, ...input } }).catch((e) => e));

    expect(await err({ label: "x" })).toMatchObject({ status: 428, body: { error: { code: "precondition_required:sync_session" } } });
    const stale = await err({ label: "stale", expectedVersion: before.version + 1 });
    expect(stale).toMatchObject({ status: 412, body: { error: { code: "precondition_failed:sync_session" } } });
    expect(await err({ label: "x".repeat(121), expectedVersion: before.version })).toMatchObject({ status: 400 });
    expect(await err({ note: "x".repeat(2001), expectedVersion: before.version })).toMatchObject({ status: 400 });
    expect(await err({ expectedVersion: before.version })).toMatchObject({ status: 400 });
    expect(await err({ label: "v", expectedVersion: before.version }, makeCtx(t.db, await makeUser(t.db, "viewer")))).toMatchObject({
      status: 403,
    });
    const unchanged = await getSyncSession(t.db, id);
    expect(unchanged).toMatchObject({ version: before.version, label: null, note: null });

    const updated = await updateSyncSession({
      ctx,
      input: { sessionId: id, label: "  Nightly check  ", note: "Investigated: fine.", expectedVersion: before.version },
    });
    expect(updated).toMatchObject({ label: "Nightly check", note: "Investigated: fine.", version: before.version + 1 });
    expect(updated).not.toHaveProperty("searchText");
    const [row] = await t.db.select({ searchText: syncSessions.searchText }).from(syncSessions).where(eq(syncSessions.id, id));
    expect(row!.searchText).toContain("nightly check");
    expect(await err({ note: "late", expectedVersion: before.version })).toMatchObject({ status: 412 });
    const cleared = await updateSyncSession({ ctx, input: { sessionId: id, label: "", expectedVersion: updated.version } });
    expect(cleared).toMatchObject({ label: null, note: "Investigated: fine." });
    const [after] = await t.db.select({ searchText: syncSessions.searchText }).from(syncSessions).where(eq(syncSessions.id, id));
    expect(after!.searchText).not.toContain("nightly check");
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, id));
    expect(audits.filter((a) => a.action === "sync_session.update")).toHaveLength(2);
    expect(await sessionLogs(t.db, id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: "audit", event: "sync_session.update" })]),
    );
  });
});
