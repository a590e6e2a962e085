import type { AuditEntry } from "@/db/schema";
import type { FailureClass } from "@/lib/failures/classes";
import type { checkHealth } from "@/lib/health";
import type { PublicInstance } from "@/lib/instances/queries";
import type { listSchedules } from "@/lib/schedules/queries";
import type { SessionStatistics } from "@/lib/statistics/queries";
import type { SyncSessionDetail, SyncSessionListItem } from "@/lib/sync-sessions/queries";

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

export type SessionPage = { items: SessionItem[]; nextCursor: string | null };
export type AuditPage = { items: AuditItem[]; nextBefore: number | null };

export const SESSION_STATUSES = ["running", "completed", "failed", "cancelled"] as const satisfies readonly SessionStatus[];
/** What the list can filter on: `partial` is a completed run with failed instances. */
export const SESSION_FILTER_STATUSES = ["running", "completed", "partial", "failed", "cancelled"] as const;
export type SessionFilterStatus = (typeof SESSION_FILTER_STATUSES)[number];

export const SYNC_TYPES = ["scheduled", "manual_batch"] as const;
export const SYNC_CATEGORIES = ["account", "capacity", "config", "other"] as const;
export const TIMEFRAMES = ["24h", "7d", "30d"] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

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
