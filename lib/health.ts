import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

export const APP_VERSION = process.env.npm_package_version ?? "0.1.0";

/** A database that does not answer within this long counts as down (503), rather than hanging the probe. */
const DB_TIMEOUT_MS = Number(process.env.SYNCDECK_HEALTH_DB_TIMEOUT_MS ?? 3000);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("database did not answer in time"), { code: "timeout" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Database reachability and the engine's backlog, for /api/health and the overview. */
export async function checkHealth(db: Database, engine: { mode: string; leader: boolean; activeRuns: number }) {
  const started = performance.now();
  try {
    const [row] = await withTimeout(
      db.execute<{ queued: number; lag: number | null; outbox: number; outbox_age: number | null }>(sql`
        select q.queued, q.lag, o.outbox, o.outbox_age
        from (select count(*)::int as queued, extract(epoch from now() - min(run_after))::float8 as lag
              from workflow_runs where status = 'queued' and run_after <= now()) q,
             (select count(*)::int as outbox, extract(epoch from now() - min(created_at))::float8 as outbox_age
              from engine_outbox) o`),
      DB_TIMEOUT_MS,
    );
    const lagSeconds = Math.max(0, Number(row?.lag ?? 0));
    return {
      ok: true,
      version: APP_VERSION,
      database: { ok: true, latencyMs: Math.round(performance.now() - started) },
      engine: {
        ...engine,
        pendingRuns: row?.queued ?? 0,
        lagSeconds: Math.round(lagSeconds),
        outbox: { backlog: row?.outbox ?? 0, oldestSeconds: Math.max(0, Math.round(Number(row?.outbox_age ?? 0))) },
      },
    };
  } catch (err) {
    return {
      ok: false,
      version: APP_VERSION,
      database: { ok: false, error: (err as { code?: string }).code ?? "unreachable" },
      engine,
    };
  }
}
