import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { FAILURE_CLASSES, type FailureClass } from "@/lib/failures/classes";

export const TIMEFRAMES = { "24h": 1, "7d": 7, "30d": 30 } as const;

export const statisticsQuery = z
  .object({
    timeframe: z.enum(["24h", "7d", "30d"], { message: "timeframe must be 24h, 7d or 30d" }).default("7d"),
    category: z.enum(["account", "capacity", "config", "other"]).optional(),
  })
  .strict();

/** Everything the statistics page charts, for one timeframe and optional category. */
export async function sessionStatistics(db: Executor, query: unknown) {
  const q = statisticsQuery.parse(query);
  const since = new Date(Date.now() - TIMEFRAMES[q.timeframe] * 86_400_000).toISOString();
  const bucket = q.timeframe === "24h" ? "hour" : "day";
  const category = q.category ? sql`and s.sync_category = ${q.category}` : sql``;
  const window = sql`s.started_at >= ${since}::timestamptz ${category}`;

  const [runs, totals, durations, items, failing, classes] = await Promise.all([
    db.execute<{ bucket: string; completed: number; partial: number; failed: number; cancelled: number; running: number }>(sql`
      select date_trunc(${bucket}, s.started_at) as bucket,
        count(*) filter (where s.status = 'completed' and s.failed_instances = 0)::int as completed,
        count(*) filter (where s.status = 'completed' and s.failed_instances > 0)::int as partial,
        count(*) filter (where s.status = 'failed')::int as failed,
        count(*) filter (where s.status = 'cancelled')::int as cancelled,
        count(*) filter (where s.status = 'running')::int as running
      from sync_sessions s where ${window} group by 1 order by 1`),
    db.execute<{ runs: number; finished: number; clean: number; instances: number; instances_ok: number }>(sql`
      select count(*)::int as runs,
        count(*) filter (where s.status in ('completed', 'failed'))::int as finished,
        count(*) filter (where s.status = 'completed' and s.failed_instances = 0)::int as clean,
        coalesce(sum(s.successful_instances + s.failed_instances), 0)::int as instances,
        coalesce(sum(s.successful_instances), 0)::int as instances_ok
      from sync_sessions s where ${window}`),
    db.execute<{ category: string; runs: number; p50_ms: number | null; p95_ms: number | null }>(sql`
      select s.sync_category as category, count(*)::int as runs,
        percentile_cont(0.5) within group (order by extract(epoch from s.completed_at - s.started_at) * 1000)::int as p50_ms,
        percentile_cont(0.95) within group (order by extract(epoch from s.completed_at - s.started_at) * 1000)::int as p95_ms
      from sync_sessions s where ${window} and s.completed_at is not null and s.status <> 'cancelled'
      group by 1 order by 1`),
    db.execute<{ bucket: string; synced: number; created: number; updated: number; deleted: number }>(sql`
      select date_trunc(${bucket}, s.started_at) as bucket,
        coalesce(sum(r.items_synced), 0)::int as synced, coalesce(sum(r.items_created), 0)::int as created,
        coalesce(sum(r.items_updated), 0)::int as updated, coalesce(sum(r.items_deleted), 0)::int as deleted
      from sync_sessions s join instance_records r on r.sync_session_id = s.id
      where ${window} group by 1 order by 1`),
    db.execute<{ instance_id: string; name: string; failures: number; last_error: string | null; last_failed_at: string }>(sql`
      select r.instance_id, i.name, count(*)::int as failures,
        (array_agg(r.error_message order by r.completed_at desc))[1] as last_error,
        max(r.completed_at) as last_failed_at
      from sync_sessions s join instance_records r on r.sync_session_id = s.id join instances i on i.id = r.instance_id
      where ${window} and r.status = 'failed'
      group by 1, 2 order by failures desc, last_failed_at desc limit 10`),
    failureClassCounts(db, since, q.category ?? null),
  ]);
  const t = totals[0];
  return {
    timeframe: q.timeframe,
    category: q.category ?? null,
    bucket,
    totals: {
      runs: t?.runs ?? 0,
      successRate: t && t.finished ? t.clean / t.finished : null,
      instanceSuccessRate: t && t.instances ? t.instances_ok / t.instances : null,
    },
    runsOverTime: [...runs].map((r) => ({ ...r, bucket: new Date(r.bucket).toISOString() })),
    durations: [...durations],
    itemsOverTime: [...items].map((r) => ({ ...r, bucket: new Date(r.bucket).toISOString() })),
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
  return FAILURE_CLASSES.map((c) => ({ failureClass: c, sessions: byClass.get(c)?.sessions ?? 0, records: byClass.get(c)?.records ?? 0, ticks: byClass.get(c)?.ticks ?? 0 })).sort(
    (a, b) => b.records + b.ticks + b.sessions - (a.records + a.ticks + a.sessions),
  );
}

export type SessionStatistics = Awaited<ReturnType<typeof sessionStatistics>>;
