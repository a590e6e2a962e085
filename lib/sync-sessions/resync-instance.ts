import { eq } from "drizzle-orm";
import { instanceRecords, syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { createBatchSession } from "./create-session";
import { BATCH_REQUESTED } from "./events";
import { recordIdInput } from "./schemas";

/** Syncs the instance of one record again, as a new one-instance session linked to the record's session. */
export async function resyncInstance({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:retry");
  const { recordId } = recordIdInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const [record] = await tx
      .select({ instanceId: instanceRecords.instanceId, sessionId: syncSessions.id, category: syncSessions.syncCategory })
      .from(instanceRecords)
      .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
      .where(eq(instanceRecords.id, recordId));
    if (!record) throw new AppError("not_found:instance_record", "No instance record with that id");
    const session = await createBatchSession(tx, {
      category: record.category,
      syncType: "manual_batch",
      instanceIds: [record.instanceId],
      createdBy: actorUserId(ctx.actor),
      createdByToken: ctx.actor.type === "api_token" ? ctx.actor.id : null,
      retryOf: record.sessionId,
    });
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.resync_instance",
      targetType: "sync_session",
      targetId: session.id,
      details: { fromRecord: recordId, instanceId: record.instanceId },
    });
    await emit({ name: BATCH_REQUESTED, data: { sessionId: session.id }, id: session.id });
    return session;
  });
}
