import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

export const APP_VERSION = process.env.npm_package_version ?? "0.1.0";

/** Database reachability and the engine's backlog, for /api/health and the overview. */
export async function checkHealth(db: Database, engine: { mode: string; leader: boolean; activeRuns: number }) {
  const started = performance.now();
  try {
    const [row] = await db.execute<{ queued: number; oldest: string | null }>(sql`
      select count(*)::int as queued, min(run_after)::text as oldest
      from workflow_runs where status = 'queued' and run_after <= now()`);
    const lagSeconds = row?.oldest ? Math.max(0, (Date.now() - new Date(row.oldest).getTime()) / 1000) : 0;
    return {
      ok: true,
      version: APP_VERSION,
      database: { ok: true, latencyMs: Math.round(performance.now() - started) },
      engine: { ...engine, pendingRuns: row?.queued ?? 0, lagSeconds: Math.round(lagSeconds) },
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
