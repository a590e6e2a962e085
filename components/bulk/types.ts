import type { BulkAction, BulkStatus } from "@/lib/domain/values";

export type BulkActionName = BulkAction;

/** A bulk operation as GET /api/v1/bulk-operations/{id} returns it. */
export type BulkOperationItem = {
  id: string;
  action: BulkActionName;
  selection: { ids?: string[]; filter?: Record<string, unknown> };
  status: BulkStatus;
  total: number;
  processed: number;
  succeeded: number;
  skipped: number;
  failed: number;
  errors: { id: string; message: string }[];
  createdByName: string | null;
  createdByToken: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type BulkPreview = { matching: number; eligible: number; targets: number; tooMany: boolean; max: number };

type Result<T> = { ok: true; data: T } | { ok: false; status: number; error: { code: string; message: string } };

/** The server actions a list page hands to its bulk bar. */
export type BulkServerActions = {
  preview: (input: unknown) => Promise<Result<BulkPreview>>;
  start: (input: unknown) => Promise<Result<{ id: string }>>;
};

/** Words for each action: what the button says, which items it changes (`before` noun `after`), what they become. */
export const BULK_ACTION_COPY: Record<
  BulkActionName,
  { label: string; title: string; before: string; after: string; past: string; skipWhy: string; target: "session" | "live session" }
> = {
  cancel_sessions: {
    label: "Cancel",
    title: "Cancel",
    before: "running ",
    after: "",
    past: "cancelled",
    skipWhy: "not running",
    target: "session",
  },
  retry_failed_sessions: {
    label: "Retry failed",
    title: "Retry the failures of",
    before: "",
    after: " with failed instances",
    past: "retried",
    skipWhy: "nothing failed, still running, or already retried",
    target: "session",
  },
  stop_auto_sync: {
    label: "Stop auto-sync",
    title: "Stop auto-sync on",
    before: "",
    after: " syncing automatically",
    past: "stopped",
    skipWhy: "auto-sync already off",
    target: "live session",
  },
  start_auto_sync: {
    label: "Start auto-sync",
    title: "Start auto-sync on",
    before: "",
    after: " with auto-sync off",
    past: "started",
    skipWhy: "auto-sync already on, inactive or unbound",
    target: "live session",
  },
};

export const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : `${one}s`}`;
