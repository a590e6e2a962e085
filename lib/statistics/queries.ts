import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";

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

  const [runs, totals, durations, items, failing] = await Promise.all([
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
  };
}

export type SessionStatistics = Awaited<ReturnType<typeof sessionStatistics>>;
