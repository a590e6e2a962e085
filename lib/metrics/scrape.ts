import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { SESSION_FILTER_STATUSES, type SessionFilterStatus } from "@/lib/domain/values";
import { readOutboxBacklog } from "./observe";
import { metrics } from "./registry";

type DbFigures = {
  finished: { type: string; category: string; completed: number; partial: number; failed: number; cancelled: number }[] | null;
  running: { type: string; category: string; n: number }[] | null;
  live: { state: string; n: number }[] | null;
  queue_depth: number;
  oldest_s: number | null;
  conns: { state: string; n: number }[] | null;
};

/**
 * One statement for every database-backed figure. Each part reads a small table or a partial index:
 * the daily rollups (a few rows per day, kept forever, so the counters never go back), running
 * sessions (sync_sessions_running_idx), due runs (workflow_runs_due_idx), live sessions (one per
 * binding) and pg_stat_activity (in memory).
 */
async function readDatabase(db: Executor): Promise<DbFigures> {
  const [row] = await db.execute<DbFigures & Record<string, unknown>>(sql`
    select
      (select json_agg(f) from (
        select sync_type as type, sync_category as category, sum(completed)::int as completed, sum(partial)::int as partial,
               sum(failed)::int as failed, sum(cancelled)::int as cancelled
        from session_rollups_daily group by 1, 2) f) as finished,
      (select json_agg(x) from (
        select sync_type as type, sync_category as category, count(*)::int as n
        from sync_sessions where status = 'running' group by 1, 2) x) as running,
      (select json_agg(l) from (select state, count(*)::int as n from live_sessions group by 1) l) as live,
      (select count(*)::int from workflow_runs where status = 'queued' and run_after <= now()) as queue_depth,
      (select extract(epoch from now() - min(run_after))::float8 from workflow_runs where status = 'queued' and run_after <= now()) as oldest_s,
      (select json_agg(c) from (
        select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = 'syncdeck' group by 1) c) as conns`);
  return row as DbFigures;
}

/** The finished outcomes a session list filters on: every filter status but running. */
const STATUSES = SESSION_FILTER_STATUSES.filter((s): s is Exclude<SessionFilterStatus, "running"> => s !== "running");

let chain: Promise<unknown> = Promise.resolve();

/** The exposition text; scrapes are serialised so two at once cannot interleave their resets. */
export function renderMetrics(db: Executor): Promise<{ contentType: string; text: string }> {
  const next = chain.then(async () => {
    const m = metrics();
    const [figures, backlog] = await Promise.all([readDatabase(db), readOutboxBacklog().catch(() => 0)]);
    m.runsStarted.reset();
    m.runsFinished.reset();
    m.runsRunning.reset();
    m.liveSessions.reset();
    m.dbConnections.reset();
    for (const f of figures.finished ?? []) {
      let total = 0;
      for (const status of STATUSES) {
        m.runsFinished.inc({ type: f.type, category: f.category, status }, f[status]);
        total += f[status];
      }
      m.runsStarted.inc({ type: f.type, category: f.category }, total);
    }
    for (const r of figures.running ?? []) {
      m.runsRunning.set({ type: r.type, category: r.category }, r.n);
      m.runsStarted.inc({ type: r.type, category: r.category }, r.n);
    }
    for (const l of figures.live ?? []) m.liveSessions.set({ state: l.state }, l.n);
    for (const c of figures.conns ?? []) m.dbConnections.set({ state: c.state }, c.n);
    m.queueDepth.set(figures.queue_depth);
    m.oldestPending.set(figures.oldest_s ?? 0);
    m.outboxBacklog.set(backlog);
    return { contentType: m.registry.contentType, text: await m.registry.metrics() };
  });
  chain = next.catch(() => {});
  return next;
}
