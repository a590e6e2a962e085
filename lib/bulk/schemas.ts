import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { listLiveSessionsQuery } from "@/lib/live-sessions/queries";
import { listSessionsQuery } from "@/lib/sync-sessions/schemas";
import { BULK_ACTIONS, type BulkAction, LIVE_SESSION_BULK_ACTIONS, SESSION_BULK_ACTIONS } from "@/lib/domain/values";

export { BULK_ACTIONS, SESSION_BULK_ACTIONS };
export const LIVE_BULK_ACTIONS = LIVE_SESSION_BULK_ACTIONS;
export type BulkActionName = BulkAction;

/** Each bulk action needs what the single-item verb it applies needs. */
export const BULK_ACTION_PERMISSION: Record<BulkActionName, Permission> = {
  cancel_sessions: "sync_session:cancel",
  retry_failed_sessions: "sync_session:retry",
  stop_auto_sync: "live_session:control",
  start_auto_sync: "live_session:control",
};

/** One operation's targets are stored with it; past this, narrow the filter. */
export const MAX_BULK_TARGETS = 10_000;

/** The sessions list filter without its paging. */
export const sessionsBulkFilter = listSessionsQuery.omit({ limit: true, cursor: true });
/** The live-sessions list filter. */
export const liveSessionsBulkFilter = listLiveSessionsQuery;

const ids = z
  .array(z.uuid("Ids must be UUIDs"))
  .min(1, "Select at least one item")
  .max(MAX_BULK_TARGETS, `At most ${MAX_BULK_TARGETS} items per bulk action`)
  .describe("The selected items; send either `ids` or `filter`");
const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe(
    "A repeat with the same key returns the first operation instead of starting another (the `Idempotency-Key` header sets it too)",
  );

const LIVE: readonly string[] = LIVE_BULK_ACTIONS;

/** One flat object, as the API documents it; `checkSelection` makes the filter the list filter of the action's kind. */
const bulkInputBase = z
  .object({
    action: z
      .enum(BULK_ACTIONS)
      .describe(
        "`cancel_sessions` and `retry_failed_sessions` act on sync sessions; `stop_auto_sync` and `start_auto_sync` on live sessions",
      ),
    ids: ids.optional(),
    filter: z
      .union([sessionsBulkFilter, liveSessionsBulkFilter])
      .optional()
      .describe(
        "Every item matching this list filter: the sessions list's filter (no paging) for session actions, the live-sessions list's for live ones",
      ),
  })
  .strict();

function checkSelection(v: { action: string; ids?: string[]; filter?: unknown }, ctx: z.RefinementCtx) {
  if ((v.ids === undefined) === (v.filter === undefined))
    ctx.addIssue({ code: "custom", message: "Send either `ids` or `filter` (all items matching it), not both", path: ["ids"] });
  if (v.filter === undefined) return;
  const result = (LIVE.includes(v.action) ? liveSessionsBulkFilter : sessionsBulkFilter).safeParse(v.filter);
  for (const issue of result.error?.issues ?? [])
    ctx.addIssue({ code: "custom", message: issue.message, path: ["filter", ...issue.path.map(String)] });
}

export const createBulkOperationInput = bulkInputBase.extend({ idempotencyKey }).strict().superRefine(checkSelection);
/** The same selection without a key: what a confirmation counts before the operation is created. */
export const previewBulkOperationInput = bulkInputBase.superRefine(checkSelection);

export const listBulkOperationsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

export type CreateBulkOperationInput = z.input<typeof createBulkOperationInput>;
export type BulkSelectionInput = z.output<typeof previewBulkOperationInput>;
