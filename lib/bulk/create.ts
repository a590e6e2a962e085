import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { bulkOperations } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { BULK_OPERATION_REQUESTED } from "./events";
import { getBulkOperation, resolveBulkTargets } from "./queries";
import { BULK_ACTION_PERMISSION, createBulkOperationInput, MAX_BULK_TARGETS } from "./schemas";

/**
 * Starts a bulk action: resolves its targets now (a filter means the rows matching it now), stores
 * them with the operation, audits it once and hands it to the `bulk-operation` workflow. A repeat
 * with the same idempotency key returns the first operation (`created: false`).
 */
export async function createBulkOperation({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "bulk_operation:create");
  const data = createBulkOperationInput.parse(input);
  requirePermission(ctx.actor, BULK_ACTION_PERMISSION[data.action]);
  return inTransaction(ctx, async (tx, emit) => {
    const replay = data.idempotencyKey ? await byKey(tx, data.idempotencyKey, data.action) : null;
    if (replay) return { operation: replay, created: false };
    const { matching, targetIds } = await resolveBulkTargets(tx, data);
    if (targetIds.length > MAX_BULK_TARGETS) {
      throw new AppError(
        "bad_request:bulk_operation",
        `More than ${MAX_BULK_TARGETS.toLocaleString("en-US")} items match this filter; narrow it down and run the action in parts`,
      );
    }
    const selection = data.ids ? { ids: targetIds } : { filter: data.filter ?? {} };
    const [row] = await tx
      .insert(bulkOperations)
      .values({
        action: data.action,
        selection,
        targetIds,
        total: targetIds.length,
        idempotencyKey: data.idempotencyKey ?? null,
        createdBy: actorUserId(ctx.actor),
        createdByToken: ctx.actor.type === "api_token" ? ctx.actor.id : null,
      })
      .onConflictDoNothing()
      .returning({ id: bulkOperations.id });
    // A concurrent request with the same key won the insert: answer with its operation.
    if (!row) return { operation: (await byKey(tx, data.idempotencyKey!, data.action))!, created: false };
    await writeAudit(tx, ctx.actor, {
      action: `bulk_operation.${data.action}`,
      targetType: "bulk_operation",
      targetId: row.id,
      details: { ...selection, count: targetIds.length, ...(data.filter ? { matching } : {}) },
    });
    await notifyChange(tx, "bulk_operation", row.id);
    await emit({ name: BULK_OPERATION_REQUESTED, data: { bulkOperationId: row.id }, id: row.id });
    return { operation: await getBulkOperation(tx, row.id), created: true };
  });
}

async function byKey(db: Executor, key: string, action: string) {
  const [row] = await db
    .select({ id: bulkOperations.id, action: bulkOperations.action })
    .from(bulkOperations)
    .where(eq(bulkOperations.idempotencyKey, key));
  if (!row) return null;
  if (row.action !== action)
    throw new AppError("conflict:bulk_operation", "This idempotency key was already used for a different bulk action");
  return getBulkOperation(db, row.id);
}
