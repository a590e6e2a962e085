import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { histogramPercentile, windowRollups } from "@/lib/analytics/queries";
import { FAILURE_CLASSES, type FailureClass } from "@/lib/failures/classes";
import { STATISTICS_TIMEFRAMES, SYNC_CATEGORIES, type SyncCategory } from "@/lib/domain/values";

export const TIMEFRAMES = { "24h": 1, "7d": 7, "30d": 30 } as const;

export const statisticsQuery = z
  .object({
    timeframe: z.enum(STATISTICS_TIMEFRAMES, { message: "timeframe must be 24h, 7d or 30d" }).default("7d"),
    category: z.enum(SYNC_CATEGORIES).optional(),
  })
  .strict();

/**
 * Everything the statistics page charts, for one timeframe and optional category. Finished runs come
 * from the hourly/daily rollups (lib/analytics: exact counts, durations p50/p95 estimated from the
 * duration histogram, buckets in UTC); running runs from the partial running index; failures from the
 * failed-record and failure-class indexes bounded by the window. Nothing scans the history.
 */
export async function sessionStatistics(db: Executor, query: unknown, now = new Date()) {
  const q = statisticsQuery.parse(query);
  const sinceDate = new Date(now.getTime() - TIMEFRAMES[q.timeframe] * 86_400_000);
  const since = sinceDate.toISOString();
  const bucket = q.timeframe === "24h" ? "hour" : "day";
  const category = q.category ? sql`and s.sync_category = ${q.category}` : sql``;

  const recordInCategory = !q.category
    ? sql``
    : q.timeframe === "30d"
      ? sql`and exists (select 1 from sync_sessions s where s.id = r.sync_session_id ${category})`
      : sql`and (select s.sync_category from sync_sessions s where s.id = r.sync_session_id) = ${q.category}`;

  const [rollups, running, failing, classes] = await Promise.all([
    windowRollups(db, sinceDate, bucket, q.category ?? null),
    // Runs are rolled up when they end: the ones still running come from their partial index.
    db.execute<{ bucket: string; running: number }>(sql`
      select date_trunc(${bucket}, s.started_at at time zone 'UTC') at time zone 'UTC' as bucket, count(*)::int as running
      from sync_sessions s where s.status = 'running' and s.started_at >= ${since}::timestamptz ${category} group by 1`),
    // Counted from instance_records_failed_at_idx alone (no category), or with each record's run looked up
    // (one primary-key probe a record; over 30 days a hash join with the runs is cheaper); then the last error
    // of just the ten, one index probe each.
    db.execute<{ instance_id: string; name: string; failures: number; last_error: string | null; last_failed_at: string }>(sql`
      with top as (
        select r.instance_id, count(*)::int as failures, max(r.completed_at) as last_failed_at
        from instance_records r
        where r.status = 'failed' and r.completed_at >= ${since}::timestamptz
          ${recordInCategory}
        group by 1 order by failures desc, last_failed_at desc limit 10)
      select top.instance_id, i.name, top.failures, top.last_failed_at,
        (select r.error_message from instance_records r
          where r.status = 'failed' and r.completed_at = top.last_failed_at and r.instance_id = top.instance_id
            ${recordInCategory}
          limit 1) as last_error
      from top join instances i on i.id = top.instance_id
      order by top.failures desc, top.last_failed_at desc`),
    failureClassCounts(db, since, q.category ?? null),
  ]);

  type RunsBucket = { bucket: string; completed: number; partial: number; failed: number; cancelled: number; running: number };
  const runsBy = new Map<string, RunsBucket>();
  const itemsBy = new Map<string, { bucket: string; synced: number }>();
  const byCategory = new Map<string, { hist: number[]; max: number }>();
  const runsAt = (b: string) => {
    let r = runsBy.get(b);
    if (!r) runsBy.set(b, (r = { bucket: b, completed: 0, partial: 0, failed: 0, cancelled: 0, running: 0 }));
    return r;
  };
  let runs = 0;
  let instances = 0;
  let instancesFailed = 0;
  for (const r of rollups) {
    const b = runsAt(r.bucket);
    b.completed += r.completed;
    b.partial += r.partial;
    b.failed += r.failed;
    b.cancelled += r.cancelled;
    const items = itemsBy.get(r.bucket) ?? { bucket: r.bucket, synced: 0 };
    items.synced += r.items;
    itemsBy.set(r.bucket, items);
    const c = byCategory.get(r.category) ?? { hist: [], max: 0 };
    r.hist.forEach((n, i) => (c.hist[i] = (c.hist[i] ?? 0) + n));
    c.max = Math.max(c.max, r.duration_max);
    byCategory.set(r.category, c);
    runs += r.runs;
    instances += r.instances;
    instancesFailed += r.instances_failed;
  }
  for (const r of running) {
    runsAt(new Date(r.bucket).toISOString()).running += r.running;
    runs += r.running;
  }
  const runsOverTime = [...runsBy.values()]
    .filter((r) => r.completed + r.partial + r.failed + r.cancelled + r.running > 0)
    .sort((a, b) => a.bucket.localeCompare(b.bucket));
  const clean = runsOverTime.reduce((n, r) => n + r.completed, 0);
  const finished = runsOverTime.reduce((n, r) => n + r.completed + r.partial + r.failed, 0);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    timeframe: q.timeframe,
    category: q.category ?? null,
    bucket,
    totals: {
      runs,
      successRate: finished ? clean / finished : null,
      instanceSuccessRate: instances ? (instances - instancesFailed) / instances : null,
    },
    runsOverTime,
    durations: [...byCategory.entries()]
      .map(([category, c]) => ({
        category: category as SyncCategory,
        runs: c.hist.reduce((a, b) => a + b, 0),
        p50_ms: round(histogramPercentile(c.hist, 0.5, c.max)),
        p95_ms: round(histogramPercentile(c.hist, 0.95, c.max)),
      }))
      .filter((d) => d.runs > 0)
      .sort((a, b) => a.category.localeCompare(b.category)),
    itemsOverTime: [...itemsBy.values()].sort((a, b) => a.bucket.localeCompare(b.bucket)),
    topFailingInstances: [...failing].map((f) => ({
      instanceId: f.instance_id,
      name: f.name,
      failures: f.failures,
      lastError: f.last_error,
      lastFailedAt: new Date(f.last_failed_at).toISOString(),
    })),
    failureClasses: classes,
  };
}

export type FailureClassCount = { failureClass: FailureClass; sessions: number; records: number; ticks: number };

/**
 * Failures per class since `since`: runs (by their most common class), failed instance records,
 * and failed live-session ticks (ticks have no category, so none when one is chosen). All six classes, most first.
 */
export async function failureClassCounts(db: Executor, since: string, category: string | null): Promise<FailureClassCount[]> {
  const inCategory = category ? sql`and s.sync_category = ${category}` : sql``;
  const rows = await db.execute<{ failure_class: FailureClass; sessions: number; records: number; ticks: number }>(sql`
    select failure_class, sum(sessions)::int as sessions, sum(records)::int as records, sum(ticks)::int as ticks from (
      select s.failure_class, count(*) as sessions, 0 as records, 0 as ticks
      from sync_sessions s where s.failure_class is not null and s.started_at >= ${since}::timestamptz ${inCategory} group by 1
      union all
      select r.failure_class, 0, count(*), 0
      from instance_records r
      where r.status = 'failed' and r.failure_class is not null and r.completed_at >= ${since}::timestamptz
        ${category ? sql`and exists (select 1 from sync_sessions s where s.id = r.sync_session_id ${inCategory})` : sql``}
      group by 1
      union all
      select l.failure_class, 0, 0, count(*)
      from sync_logs l where l.status = 'error' and l.failure_class is not null and l.started_at >= ${since}::timestamptz and ${category === null} group by 1
    ) x group by 1`);
  const byClass = new Map([...rows].map((r) => [r.failure_class, r]));
  return FAILURE_CLASSES.map((c) => ({
    failureClass: c,
    sessions: byClass.get(c)?.sessions ?? 0,
    records: byClass.get(c)?.records ?? 0,
    ticks: byClass.get(c)?.ticks ?? 0,
  })).sort((a, b) => b.records + b.ticks + b.sessions - (a.records + a.ticks + a.sessions));
}

export type SessionStatistics = Awaited<ReturnType<typeof sessionStatistics>>;
