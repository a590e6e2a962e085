import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

export const DEFAULT_RETENTION_DAYS = 30;
const BATCH = 500;

export function retentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SYNCDECK_RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS);
  return Number.isFinite(n) && n >= 1 ? n : DEFAULT_RETENTION_DAYS;
}

/**
 * Deletes finished runs (their records go with them) and sync logs older than the retention,
 * and finished engine runs older than a day, in small batches with a pause between them so readers never wait long.
 * Also hourly rollups older than the retention (the daily ones stay: analytics keeps the long view after the runs are
 * gone, eight rows a day) and sign-in failure counts that have neither a current window nor a lock.
 */
export async function cleanupOldData(db: Database, days = retentionDays(), pauseMs = 50) {
  const cutoff = new Date(Date.now() - days * 86_400_000).toISOString();
  // Finished engine runs are bookkeeping (live ticks add one every few seconds): keep a day.
  const engineCutoff = new Date(Date.now() - Math.min(days, 1) * 86_400_000).toISOString();
  const removed = { sessions: 0, syncLogs: 0, engineRuns: 0, hourlyRollups: 0, signInThrottle: 0 };
  const loop = async (key: keyof typeof removed, stmt: () => Promise<{ count: number }>) => {
    for (;;) {
      const { count } = await stmt();
      removed[key] += count;
      if (count < BATCH) return;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  await loop("sessions", async () => {
    const r = await db.execute(sql`delete from sync_sessions where id in (
      select id from sync_sessions where started_at < ${cutoff}::timestamptz and status <> 'running' limit ${BATCH} for update skip locked)`);
    return { count: r.count };
  });
  await loop("syncLogs", async () => {
    const r = await db.execute(sql`delete from sync_logs where id in (
      select id from sync_logs where started_at < ${cutoff}::timestamptz limit ${BATCH} for update skip locked)`);
    return { count: r.count };
  });
  await loop("engineRuns", async () => {
    const r = await db.execute(sql`delete from workflow_runs where id in (
      select id from workflow_runs where created_at < ${engineCutoff}::timestamptz and status in ('completed', 'failed', 'cancelled')
      limit ${BATCH} for update skip locked)`);
    return { count: r.count };
  });
  await loop("hourlyRollups", async () => {
    // 24h analytics reads the hourly rows of the last day; keep at least two days of them whatever the retention.
    const r = await db.execute(sql`delete from session_rollups where ctid in (
      select ctid from session_rollups where bucket_start < ${new Date(Date.now() - Math.max(days, 2) * 86_400_000).toISOString()}::timestamptz limit ${BATCH})`);
    return { count: r.count };
  });
  await loop("signInThrottle", async () => {
    const r = await db.execute(sql`delete from sign_in_throttle where email in (
      select email from sign_in_throttle where window_started_at < now() - interval '1 day' and (locked_until is null or locked_until < now()) limit ${BATCH})`);
    return { count: r.count };
  });
  return removed;
}
