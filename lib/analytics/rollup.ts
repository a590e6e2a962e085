import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { RollupGrain } from "@/lib/domain/values";

/**
 * Upper bounds (ms, exclusive) of the duration histogram in session_rollups.duration_hist: slot i
 * counts runs with bounds[i-1] <= duration < bounds[i], the last slot everything from the last bound
 * up. Fixed: changing them means rebuilding the rollups (rebuildSessionRollups).
 */
export const DURATION_BOUNDS_MS = [
  100, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000,
  21_600_000,
] as const;
export const HIST_SLOTS = DURATION_BOUNDS_MS.length + 1;

const BOUNDS = sql.raw(`array[${DURATION_BOUNDS_MS.join(",")}]::bigint[]`);

/**
 * One rollup row per (hour or day of started_at in UTC, type, category) from the finished sessions `where`
 * selects. Cancelled runs count as runs but not towards durations (they did not run to the end).
 */
function aggregateSessions(where: SQL, unit: RollupUnit) {
  const slots = Array.from({ length: HIST_SLOTS }, (_, i) => `count(*) filter (where slot = ${i})::int`).join(", ");
  return sql`
    with s as (
      select date_trunc(${sql.raw(`'${unit}'`)}, s.started_at at time zone 'UTC') at time zone 'UTC' as bucket_start,
        s.sync_type, s.sync_category, s.status, s.total_instances, s.failed_instances,
        d.ms as duration_ms, case when d.ms is null then null else width_bucket(d.ms, ${BOUNDS}) end as slot,
        (select coalesce(sum(r.items_synced), 0) from instance_records r where r.sync_session_id = s.id) as items
      from sync_sessions s
      cross join lateral (select case when s.status <> 'cancelled' and s.completed_at is not null
        then greatest(0, round(extract(epoch from s.completed_at - s.started_at) * 1000))::bigint end as ms) d
      where s.status <> 'running' and ${where}
    )
    select bucket_start, sync_type, sync_category,
      count(*)::int as runs,
      count(*) filter (where status = 'completed' and failed_instances = 0)::int as completed,
      count(*) filter (where status = 'completed' and failed_instances > 0)::int as partial,
      count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      coalesce(sum(duration_ms), 0)::bigint as duration_ms_sum,
      -- The column is an int: a run longer than ~24.8 days (one left running for weeks) is capped there.
      least(coalesce(max(duration_ms), 0), 2147483647)::int as duration_ms_max,
      array[${sql.raw(slots)}]::int[] as duration_hist,
      coalesce(sum(items), 0)::bigint as items_synced,
      coalesce(sum(total_instances), 0)::int as instances_total,
      coalesce(sum(failed_instances), 0)::int as instances_failed
    from s group by 1, 2, 3`;
}

export type RollupUnit = RollupGrain;
/** Both rollup levels, written together: hourly rows for 24h, daily rows (UTC days) for 7d and 30d. */
const LEVELS: [table: string, unit: RollupUnit][] = [
  ["session_rollups", "hour"],
  ["session_rollups_daily", "day"],
];

const UPSERT_COLUMNS = sql`(bucket_start, sync_type, sync_category, runs, completed, partial, failed, cancelled,
  duration_ms_sum, duration_ms_max, duration_hist, items_synced, instances_total, instances_failed)`;

/**
 * Counts one run that just became terminal into its hour's and its day's rollup. Call it in the transaction that
 * moved the session from `running` to its final status, and only when that transition happened
 * (the callers hold the session row lock and return early when it was already closed), so a run is
 * counted exactly once however often finalize or cancel run.
 */
export async function recordFinishedSession(tx: Executor, sessionId: string) {
  for (const [table, unit] of LEVELS) {
    const t = sql.identifier(table);
    await tx.execute(sql`
      insert into ${t} as r ${UPSERT_COLUMNS}
      ${aggregateSessions(sql`s.id = ${sessionId}`, unit)}
      on conflict (bucket_start, sync_type, sync_category) do update set
        runs = r.runs + excluded.runs,
        completed = r.completed + excluded.completed,
        partial = r.partial + excluded.partial,
        failed = r.failed + excluded.failed,
        cancelled = r.cancelled + excluded.cancelled,
        duration_ms_sum = r.duration_ms_sum + excluded.duration_ms_sum,
        duration_ms_max = greatest(r.duration_ms_max, excluded.duration_ms_max),
        duration_hist = array(select coalesce(a, 0) + coalesce(b, 0)
          from unnest(r.duration_hist, excluded.duration_hist) with ordinality as h(a, b, i) order by i),
        items_synced = r.items_synced + excluded.items_synced,
        instances_total = r.instances_total + excluded.instances_total,
        instances_failed = r.instances_failed + excluded.instances_failed`);
  }
}

/** Recomputes every rollup, hourly and daily, from sync_sessions (as far back as retention kept them). Returns the hourly rows written. */
export async function rebuildSessionRollups(db: Executor) {
  const run = async (tx: Executor) => {
    // One rebuild at a time; finishing runs wait on the table lock instead of counting into rows being replaced.
    await tx.execute(sql`lock table session_rollups, session_rollups_daily in exclusive mode`);
    let hourly = 0;
    for (const [table, unit] of LEVELS) {
      const t = sql.identifier(table);
      await tx.execute(sql`delete from ${t}`);
      const res = await tx.execute(sql`insert into ${t} ${UPSERT_COLUMNS} ${aggregateSessions(sql`true`, unit)}`);
      if (unit === "hour") hourly = res.count ?? 0;
    }
    return hourly;
  };
  return db.transaction(run);
}

/**
 * Fills the rollups once after an upgrade: when there are finished sessions but no rollup rows
 * (sessions that ended before rollups existed). Called by `npm start` after the migrations.
 */
export async function backfillSessionRollupsIfEmpty(db: Executor): Promise<number | null> {
  const [row] = await db.execute<{ needed: boolean }>(sql`
    select not exists (select 1 from session_rollups) and exists (select 1 from sync_sessions where status <> 'running') as needed`);
  return row?.needed ? rebuildSessionRollups(db) : null;
}

/**
 * Rollup-shaped rows (the columns of session_rollups) covering exactly the finished runs started at or after
 * `since`, whatever its alignment: daily rows for whole UTC days (when `unit` is day), hourly rows for the
 * whole hours before them, and the runs themselves (through the started_at index) for the partial first hour.
 * `category` narrows every part. A subquery to group further (e.g. lib/statistics).
 */
export function rollupRowsSince(since: Date, unit: RollupUnit, category?: string | null): SQL {
  const HOUR = 3_600_000;
  const hour = new Date(Math.ceil(since.getTime() / HOUR) * HOUR);
  const day = new Date(Math.ceil(since.getTime() / (24 * HOUR)) * 24 * HOUR);
  const inCategory = category ? sql`and sync_category = ${category}` : sql``;
  const cols = sql`bucket_start, sync_type, sync_category, runs, completed, partial, failed, cancelled,
    duration_ms_sum, duration_ms_max, duration_hist, items_synced, instances_total, instances_failed`;
  const hourlyUntil = unit === "day" ? sql`and bucket_start < ${day.toISOString()}::timestamptz` : sql``;
  const parts = [
    sql`select ${cols} from session_rollups where bucket_start >= ${hour.toISOString()}::timestamptz ${hourlyUntil} ${inCategory}`,
    sql`select ${cols} from (${aggregateSessions(
      sql`s.started_at >= ${since.toISOString()}::timestamptz and s.started_at < ${hour.toISOString()}::timestamptz ${category ? sql`and s.sync_category = ${category}` : sql``}`,
      "hour",
    )}) edge`,
  ];
  if (unit === "day")
    parts.unshift(sql`select ${cols} from session_rollups_daily where bucket_start >= ${day.toISOString()}::timestamptz ${inCategory}`);
  return sql`(${sql.join(parts, sql` union all `)})`;
}
