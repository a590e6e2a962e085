import { asc } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { syncSchedules } from "@/db/schema";
import { DEFAULT_SCHEDULES, nextFire } from "./defaults";

/** Inserts the default schedules that are missing; existing ones are left as edited. */
export async function ensureDefaultSchedules(db: Executor) {
  await db
    .insert(syncSchedules)
    .values(
      Object.entries(DEFAULT_SCHEDULES).map(([category, cron]) => ({
        category: category as keyof typeof DEFAULT_SCHEDULES,
        cron,
        lastFiredAt: new Date(),
      })),
    )
    .onConflictDoNothing();
}

export async function listSchedules(db: Executor) {
  const rows = await db.select().from(syncSchedules).orderBy(asc(syncSchedules.category));
  return rows.map((r) => ({ ...r, nextRunAt: r.enabled ? nextFire(r.cron, new Date()) : null }));
}
