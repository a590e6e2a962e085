import type { AuditEntry } from "@/db/schema";
import type { FailureClass } from "@/lib/failures/classes";
import type { checkHealth } from "@/lib/health";
import type { PublicInstance } from "@/lib/instances/queries";
import type { listSchedules } from "@/lib/schedules/queries";
import type { SessionStatistics } from "@/lib/statistics/queries";
import type { SyncSessionDetail, SyncSessionListItem } from "@/lib/sync-sessions/queries";
import {
  SESSION_FILTER_STATUSES,
  type SessionFilterStatus,
  STATISTICS_TIMEFRAMES,
  type StatisticsTimeframe,
  SYNC_CATEGORIES,
  SYNC_SESSION_STATUSES,
  SYNC_TYPES,
} from "@/lib/domain/values";

/** A server type as it reaches the browser: dates are Date objects from a server component, ISO strings from JSON routes. */
export type Wire<T> = T extends Date
  ? Date | string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends Record<string, unknown>
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type SessionStatus = SyncSessionListItem["status"];
export type SessionItem = Wire<SyncSessionListItem>;
export type SessionDetail = Wire<SyncSessionDetail>;
export type InstanceRecordItem = SessionDetail["records"][number];
export type InstanceItem = Wire<PublicInstance>;
export type AuditItem = Wire<AuditEntry>;
export type Health = Wire<Awaited<ReturnType<typeof checkHealth>>>;
export type ScheduleItem = Wire<Awaited<ReturnType<typeof listSchedules>>[number]>;
export type Statistics = Wire<SessionStatistics>;

export type SessionPage = { items: SessionItem[]; nextCursor: string | null; total: number | null; totalCapped: boolean };
export type AuditPage = { items: AuditItem[]; nextBefore: number | null };

export const SESSION_STATUSES = SYNC_SESSION_STATUSES satisfies readonly SessionStatus[];
export { SESSION_FILTER_STATUSES, type SessionFilterStatus, SYNC_TYPES, SYNC_CATEGORIES };
export const TIMEFRAMES = STATISTICS_TIMEFRAMES;
export type Timeframe = StatisticsTimeframe;

export type SessionFilters = {
  status: SessionFilterStatus | null;
  type: (typeof SYNC_TYPES)[number] | null;
  category: (typeof SYNC_CATEGORIES)[number] | null;
  createdBy: string | null;
  from: string | null;
  to: string | null;
  /** Instance name, error text or label (lib/search). */
  q: string | null;
  /** The run's most common failure class. */
  failureClass: FailureClass | null;
};
