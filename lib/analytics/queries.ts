import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { DURATION_BOUNDS_MS, HIST_SLOTS, rollupRowsSince, type RollupUnit } from "./rollup";
import { analyticsQuery, type AnalyticsMetric, type AnalyticsPoint, type AnalyticsTimeframe, type SessionAnalytics } from "./schemas";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Bucket width and count per timeframe; the window is whole buckets ending with the current one. */
const WINDOWS: Record<
  AnalyticsTimeframe,
  { bucket: SessionAnalytics["bucket"]; ms: number; buckets: number; source: SessionAnalytics["source"]; table?: string }
> = {
  "1h": { bucket: "5m", ms: 5 * MIN, buckets: 12, source: "sessions" },
  "24h": { bucket: "1h", ms: HOUR, buckets: 24, source: "rollups", table: "session_rollups" },
  // Day buckets read the daily rollups: at most 30 × 8 rows, whatever the history holds.
  "7d": { bucket: "1d", ms: DAY, buckets: 7, source: "rollups", table: "session_rollups_daily" },
  "30d": { bucket: "1d", ms: DAY, buckets: 30, source: "rollups", table: "session_rollups_daily" },
};

type Row = {
  b: number | null;
  runs: number;
  completed: number;
  partial: number;
  failed: number;
  cancelled: number;
  items: number;
  instances: number;
  instances_failed: number;
  duration_sum: number;
  duration_max: number | null;
  /** Rollups: the summed histogram. */
  hist?: number[] | null;
  /** Raw sessions: exact percentiles. */
  p50?: number | null;
  p95?: number | null;
};

type Measures = Omit<AnalyticsPoint, "start">;

/**
 * Runs over time with counts, success rate, duration percentiles and items. 24h reads the hourly
 * session_rollups (at most 24 × 8 rows), 7d and 30d the daily ones (at most 30 × 8); 1h reads the last hour's sessions through the
 * started_at index, which also gives exact percentiles.
 */
export async function sessionAnalytics(db: Executor, query: unknown, now = new Date()): Promise<SessionAnalytics> {
  const q = analyticsQuery.parse(query);
  const w = WINDOWS[q.timeframe];
  const from = new Date(Math.floor(now.getTime() / w.ms) * w.ms - (w.buckets - 1) * w.ms);
  const seconds = w.ms / 1000;
  const rows =
    w.source === "rollups"
      ? await fromRollups(db, w.table!, from, seconds, q.type, q.category)
      : await fromSessions(db, from, seconds, q.type, q.category);

  const byBucket = new Map(rows.filter((r) => r.b !== null).map((r) => [r.b!, r]));
  const series = Array.from({ length: w.buckets }, (_, i) => {
    const row = byBucket.get(i);
    return { start: new Date(from.getTime() + i * w.ms).toISOString(), ...pick(row ? measures(row) : EMPTY, q.metric) };
  });
  const totalRow = w.source === "sessions" ? rows.find((r) => r.b === null) : sumRows(rows);
  const totals = totalRow ? measures(totalRow) : EMPTY;
  return {
    timeframe: q.timeframe,
    metric: q.metric,
    type: q.type ?? null,
    category: q.category ?? null,
    bucket: w.bucket,
    bucketSeconds: seconds,
    source: w.source,
    from: from.toISOString(),
    to: now.toISOString(),
    series,
    totals: totals as Required<Measures>,
  };
}

function filters(type?: string, category?: string, alias = "") {
  return sql.join(
    [
      type ? sql`and ${sql.raw(alias)}sync_type = ${type}` : sql``,
      category ? sql`and ${sql.raw(alias)}sync_category = ${category}` : sql``,
    ],
    sql` `,
  );
}

/** The histograms summed slot by slot in the same pass (an unnest of every row's array was most of the 30d time). */
const HIST_SUMS = sql.raw(Array.from({ length: HIST_SLOTS }, (_, i) => `coalesce(sum(duration_hist[${i + 1}]), 0)`).join(", "));

async function fromRollups(db: Executor, table: string, from: Date, seconds: number, type?: string, category?: string): Promise<Row[]> {
  const rows = await db.execute<Row>(sql`
    select floor(extract(epoch from bucket_start - ${from.toISOString()}::timestamptz) / ${seconds})::int as b,
      sum(runs)::int as runs, sum(completed)::int as completed, sum(partial)::int as partial, sum(failed)::int as failed,
      sum(cancelled)::int as cancelled, sum(items_synced)::float8 as items, sum(instances_total)::int as instances,
      sum(instances_failed)::int as instances_failed, sum(duration_ms_sum)::float8 as duration_sum, max(duration_ms_max)::int as duration_max,
      array[${HIST_SUMS}]::int[] as hist
    from ${sql.identifier(table)} where bucket_start >= ${from.toISOString()}::timestamptz ${filters(type, category)}
    group by 1 order by 1`);
  return [...rows];
}

async function fromSessions(db: Executor, from: Date, seconds: number, type?: string, category?: string): Promise<Row[]> {
  const rows = await db.execute<Row & { g: number }>(sql`
    with s as (
      select floor(extract(epoch from s.started_at - ${from.toISOString()}::timestamptz) / ${seconds})::int as b,
        s.status, s.total_instances, s.failed_instances,
        case when s.status <> 'cancelled' and s.completed_at is not null
          then greatest(0, round(extract(epoch from s.completed_at - s.started_at) * 1000))::float8 end as ms,
        (select coalesce(sum(r.items_synced), 0) from instance_records r where r.sync_session_id = s.id) as items
      from sync_sessions s
      where s.started_at >= ${from.toISOString()}::timestamptz and s.status <> 'running' ${filters(type, category, "s.")}
    )
    select case when grouping(b) = 1 then null else b end as b, count(*)::int as runs,
      count(*) filter (where status = 'completed' and failed_instances = 0)::int as completed,
      count(*) filter (where status = 'completed' and failed_instances > 0)::int as partial,
      count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      coalesce(sum(items), 0)::float8 as items, coalesce(sum(total_instances), 0)::int as instances,
      coalesce(sum(failed_instances), 0)::int as instances_failed,
      coalesce(sum(ms), 0)::float8 as duration_sum, max(ms)::float8 as duration_max,
      percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.95) within group (order by ms) as p95
    from s group by grouping sets ((b), ())`);
  return [...rows];
}

/** Finished runs since `since` per UTC hour or day and category, summed from the rollups (see rollupRowsSince). */
export type WindowRollup = {
  bucket: string;
  category: string;
  runs: number;
  completed: number;
  partial: number;
  failed: number;
  cancelled: number;
  items: number;
  instances: number;
  instances_failed: number;
  duration_max: number;
  hist: number[];
};

/** Exact counts for any `since` (the partial first hour is read from the runs); a few hundred rows at most. */
export async function windowRollups(db: Executor, since: Date, unit: RollupUnit, category?: string | null): Promise<WindowRollup[]> {
  const rows = await db.execute<WindowRollup>(sql`
    select date_trunc(${sql.raw(`'${unit}'`)}, bucket_start at time zone 'UTC') at time zone 'UTC' as bucket, sync_category as category,
      sum(runs)::int as runs, sum(completed)::int as completed, sum(partial)::int as partial, sum(failed)::int as failed,
      sum(cancelled)::int as cancelled, sum(items_synced)::float8 as items, sum(instances_total)::int as instances,
      sum(instances_failed)::int as instances_failed, max(duration_ms_max)::int as duration_max,
      array[${HIST_SUMS}]::int[] as hist
    from ${rollupRowsSince(since, unit, category)} r
    group by 1, 2 order by 1, 2`);
  return [...rows].map((r) => ({
    ...r,
    bucket: new Date(r.bucket).toISOString(),
    items: Number(r.items),
    hist: (r.hist ?? []).map(Number),
  }));
}

function sumRows(rows: Row[]): Row | undefined {
  if (!rows.length) return undefined;
  const hist: number[] = [];
  const total: Row = {
    b: null,
    runs: 0,
    completed: 0,
    partial: 0,
    failed: 0,
    cancelled: 0,
    items: 0,
    instances: 0,
    instances_failed: 0,
    duration_sum: 0,
    duration_max: 0,
    hist,
  };
  for (const r of rows) {
    for (const k of [
      "runs",
      "completed",
      "partial",
      "failed",
      "cancelled",
      "items",
      "instances",
      "instances_failed",
      "duration_sum",
    ] as const)
      total[k] += Number(r[k]);
    total.duration_max = Math.max(total.duration_max ?? 0, r.duration_max ?? 0);
    (r.hist ?? []).forEach((n, i) => (hist[i] = (hist[i] ?? 0) + Number(n)));
  }
  return total;
}

const EMPTY: Required<Measures> = {
  runs: 0,
  completed: 0,
  partial: 0,
  failed: 0,
  cancelled: 0,
  successRate: null,
  durationP50Ms: null,
  durationP95Ms: null,
  durationAvgMs: null,
  durationMaxMs: null,
  itemsSynced: 0,
  instances: 0,
  instancesFailed: 0,
};

function measures(r: Row): Required<Measures> {
  const ran = r.runs - r.cancelled;
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return {
    runs: r.runs,
    completed: r.completed,
    partial: r.partial,
    failed: r.failed,
    cancelled: r.cancelled,
    successRate: ran > 0 ? r.completed / ran : null,
    durationP50Ms: ran > 0 ? round(r.hist ? histogramPercentile(r.hist, 0.5, Number(r.duration_max)) : r.p50) : null,
    durationP95Ms: ran > 0 ? round(r.hist ? histogramPercentile(r.hist, 0.95, Number(r.duration_max)) : r.p95) : null,
    durationAvgMs: ran > 0 ? round(Number(r.duration_sum) / ran) : null,
    durationMaxMs: ran > 0 ? round(r.duration_max) : null,
    itemsSynced: Number(r.items),
    instances: r.instances,
    instancesFailed: r.instances_failed,
  };
}

const METRIC_FIELDS: Record<Exclude<AnalyticsMetric, "all">, (keyof Measures)[]> = {
  count: ["runs", "completed", "partial", "failed", "cancelled"],
  success_rate: ["runs", "successRate"],
  duration: ["runs", "durationP50Ms", "durationP95Ms", "durationAvgMs", "durationMaxMs"],
  items: ["runs", "itemsSynced", "instances", "instancesFailed"],
};

function pick(m: Required<Measures>, metric: AnalyticsMetric): Measures {
  if (metric === "all") return m;
  return Object.fromEntries(METRIC_FIELDS[metric].map((k) => [k, m[k]])) as unknown as Measures;
}

/**
 * The p-th percentile estimated from histogram counts (slots as in DURATION_BOUNDS_MS), linear
 * within the slot; the open last slot and every estimate are capped by the known maximum.
 */
export function histogramPercentile(hist: readonly number[], p: number, max: number): number | null {
  const n = hist.reduce((a, b) => a + Number(b), 0);
  if (n === 0) return null;
  const rank = p * n;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const c = Number(hist[i]);
    if (c > 0 && seen + c >= rank) {
      const lower = i === 0 ? 0 : DURATION_BOUNDS_MS[i - 1]!;
      const upper = Math.max(lower, Math.min(DURATION_BOUNDS_MS[i] ?? max, max));
      return Math.min(max, lower + (upper - lower) * Math.max(0, (rank - seen) / c));
    }
    seen += c;
  }
  return max;
}
