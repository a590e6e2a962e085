/**
 * Prometheus metrics. Two kinds:
 * - in-process (counters and histograms observed where the work happens: records, ticks, HTTP),
 *   which restart from zero with the process, as Prometheus expects of counters;
 * - read from the database at scrape time (runs started/finished, live sessions, the engine queue,
 *   connections), so they agree across processes and restarts. One query on small tables and
 *   partial indexes: the daily rollups, running sessions, due runs, live sessions, pg_stat_activity.
 * The registry lives on globalThis: Next.js may load this module once per bundle (instrumentation,
 * route handlers) in one process, and they must share it.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

function create() {
  const registry = new Registry();
  const r = [registry];
  return {
    registry,
    runsStarted: new Counter({
      name: "syncdeck_sync_runs_started_total",
      help: "Batch sync runs started (finished + running), by type and category; from the database",
      labelNames: ["type", "category"],
      registers: r,
    }),
    runsFinished: new Counter({
      name: "syncdeck_sync_runs_finished_total",
      help: "Batch sync runs finished, by type, category and status (completed, partial, failed, cancelled); from the database",
      labelNames: ["type", "category", "status"],
      registers: r,
    }),
    runsRunning: new Gauge({
      name: "syncdeck_sync_runs_running",
      help: "Batch sync runs running now, by type and category",
      labelNames: ["type", "category"],
      registers: r,
    }),
    runDuration: new Histogram({
      name: "syncdeck_sync_run_duration_seconds",
      help: "Duration of finished batch runs (start to finish), by type and category; this process",
      labelNames: ["type", "category"],
      buckets: SECONDS,
      registers: r,
    }),
    records: new Counter({
      name: "syncdeck_instance_records_total",
      help: "Instance records finished, by category, status and failure class (none when it succeeded cleanly); this process",
      labelNames: ["category", "status", "failure_class"],
      registers: r,
    }),
    recordDuration: new Histogram({
      name: "syncdeck_instance_record_duration_seconds",
      help: "Duration of one instance record (claim to finish), by category and status; this process",
      labelNames: ["category", "status"],
      buckets: SECONDS,
      registers: r,
    }),
    ticks: new Counter({
      name: "syncdeck_live_ticks_total",
      help: "Live-session stream ticks, by stream and status (success, error, waiting); this process",
      labelNames: ["stream", "status"],
      registers: r,
    }),
    tickLag: new Histogram({
      name: "syncdeck_live_tick_lag_seconds",
      help: "How late a tick started after the time it was scheduled for, by stream; this process",
      labelNames: ["stream"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: r,
    }),
    liveSessions: new Gauge({
      name: "syncdeck_live_sessions",
      help: "Live sessions by state",
      labelNames: ["state"],
      registers: r,
    }),
    queueDepth: new Gauge({
      name: "syncdeck_engine_queue_depth",
      help: "Workflow runs of the embedded engine that are due and waiting to start",
      registers: r,
    }),
    oldestPending: new Gauge({
      name: "syncdeck_engine_oldest_pending_run_age_seconds",
      help: "How long the oldest due workflow run has been waiting (0 when none)",
      registers: r,
    }),
    outboxBacklog: new Gauge({
      name: "syncdeck_outbox_backlog",
      help: "Events written but not yet sent to Inngest (0 with the embedded engine)",
      registers: r,
    }),
    dbConnections: new Gauge({
      name: "syncdeck_db_connections",
      help: "Connections of Syncdeck's processes to its database, by state (active = in use, idle, idle in transaction); from pg_stat_activity",
      labelNames: ["state"],
      registers: r,
    }),
    httpDuration: new Histogram({
      name: "syncdeck_http_request_duration_seconds",
      help: "API request duration by method, route (ids replaced by {id}) and status; this process",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: r,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

const holder = globalThis as unknown as { syncdeckMetrics?: Metrics };

export function metrics(): Metrics {
  holder.syncdeckMetrics ??= create();
  return holder.syncdeckMetrics;
}
