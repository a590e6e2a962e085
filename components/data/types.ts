import type { AuditEntry } from "@/db/schema";
import type { checkHealth } from "@/lib/health";
import type { PublicInstance } from "@/lib/instances/queries";
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

export type SessionPage = { items: SessionItem[]; nextCursor: string | null };
export type AuditPage = { items: AuditItem[]; nextBefore: number | null };

export const SESSION_STATUSES = ["running", "completed", "failed", "cancelled"] as const satisfies readonly SessionStatus[];
