import { Cron } from "croner";
import type { SyncCategory } from "@/db/schema";

/** account hourly, capacity every 6 h, config daily. */
export const DEFAULT_SCHEDULES: Record<"account" | "capacity" | "config", string> = {
  account: "0 * * * *",
  capacity: "0 */6 * * *",
  config: "30 2 * * *",
};

export function nextFire(cron: string, after: Date): Date | null {
  return new Cron(cron, { paused: true }).nextRun(after);
}

/** Throws a readable message for an expression croner cannot parse. */
export function validateCron(expr: string): string | null {
  try {
    new Cron(expr, { paused: true });
    return expr.trim().split(/\s+/).length === 5 ? null : "Use five fields: minute hour day-of-month month day-of-week";
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, "");
  }
}

export type ScheduleCategory = Extract<SyncCategory, keyof typeof DEFAULT_SCHEDULES>;
