import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { syncSchedules } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { SYSTEM_ACTOR } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { createBatchSession } from "@/lib/sync-sessions/create-session";
import { nextFire } from "./defaults";

/**
 * Starts a scheduled session for every enabled schedule whose next fire time has passed.
 * A missed window fires once, not once per missed tick. Returns the new session ids.
 */
export async function fireDueSchedules(db: Database, now = new Date()): Promise<string[]> {
  const started: string[] = [];
  const schedules = await db.select().from(syncSchedules).where(eq(syncSchedules.enabled, true));
  for (const schedule of schedules) {
    const due = nextFire(schedule.cron, schedule.lastFiredAt ?? schedule.updatedAt);
    if (!due || due > now) continue;
    const id = await db.transaction(async (tx) => {
      // Row lock: two engines ticking at once fire a schedule once.
      const [locked] = await tx.select().from(syncSchedules).where(eq(syncSchedules.category, schedule.category)).for("update");
      if (!locked || (locked.lastFiredAt && locked.lastFiredAt.getTime() !== (schedule.lastFiredAt?.getTime() ?? 0))) return null;
      await tx.update(syncSchedules).set({ lastFiredAt: now }).where(eq(syncSchedules.category, schedule.category));
      try {
        const session = await createBatchSession(tx, {
          category: schedule.category,
          syncType: "scheduled",
          createdBy: null,
          skipBusy: true,
        });
        await writeAudit(tx, SYSTEM_ACTOR, {
          action: "sync_session.schedule",
          targetType: "sync_session",
          targetId: session.id,
          details: { category: schedule.category, cron: schedule.cron, instances: session.totalInstances },
        });
        return session.id;
      } catch (err) {
        // Nothing to sync (no instances, or all busy) is not an error for a schedule.
        if (err instanceof AppError && err.status < 500) return null;
        throw err;
      }
    });
    if (id) started.push(id);
  }
  return started;
}
