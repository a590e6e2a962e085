import { Cron } from "croner";
import type { SyncCategory } from "@/db/schema";
import type { RunnableCategory } from "@/lib/domain/values";

/** account hourly, capacity every 6 h, config daily. */
export const DEFAULT_SCHEDULES: Record<RunnableCategory, string> = {
  account: "0 * * * *",
  capacity: "0 */6 * * *",
  config: "30 2 * * *",
};

/** Every cron is read in UTC, whatever the server's or the browser's zone; the pages say so. */
export const SCHEDULE_TIMEZONE = "UTC";

export function nextFire(cron: string, after: Date): Date | null {
  return new Cron(cron, { paused: true, timezone: SCHEDULE_TIMEZONE }).nextRun(after);
}

/** The next `n` fire times after `after` (fewer if the expression stops firing). */
export function nextFires(cron: string, after: Date, n: number): Date[] {
  return new Cron(cron, { paused: true, timezone: SCHEDULE_TIMEZONE }).nextRuns(n, after);
}

const NEVER_FIRES_YEARS = 5;

/** Throws a readable message for an expression croner cannot parse. */
export function validateCron(expr: string): string | null {
  try {
    const cron = new Cron(expr, { paused: true });
    if (expr.trim().split(/\s+/).length !== 5) return "Use five fields: minute hour day-of-month month day-of-week";
    // An expression that never fires (31 February) would silently disable the schedule.
    const now = new Date();
    const next = cron.nextRun(now);
    const horizon = new Date(now);
    horizon.setUTCFullYear(horizon.getUTCFullYear() + NEVER_FIRES_YEARS);
    if (!next || next > horizon) return `It has no run in the next ${NEVER_FIRES_YEARS} years (e.g. a day that month never has)`;
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, "");
  }
}

export type ScheduleCategory = Extract<SyncCategory, keyof typeof DEFAULT_SCHEDULES>;
