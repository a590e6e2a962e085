import { eq, sql } from "drizzle-orm";
import { syncSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { searchTextExpression, sessionRowColumns } from "@/lib/search/search-text";
import { updateSessionInput } from "./schemas";

/**
 * Edits a session's label and note with optimistic locking: the caller sends the version it saw
 * (428 without one, 412 when the session changed since); the version goes up by one.
 */
export async function updateSyncSession({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "sync_session:edit");
  const data = updateSessionInput.parse(input);
  if (data.label === undefined && data.note === undefined)
    throw new AppError("bad_request:sync_session", "Nothing to change: send label and/or note");
  if (data.expectedVersion === undefined) {
    throw new AppError(
      "precondition_required:sync_session",
      'Send the version you last saw: an If-Match: "<version>" header or `version` in the body',
    );
  }
  const clean = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v === "" ? null : v);
  const label = clean(data.label);
  const note = clean(data.note);
  return inTransaction(ctx, async (tx) => {
    const [session] = await tx.select().from(syncSessions).where(eq(syncSessions.id, data.sessionId)).for("update");
    if (!session) throw new AppError("not_found:sync_session", "No sync session with that id");
    if (session.version !== data.expectedVersion) {
      throw new AppError(
        "precondition_failed:sync_session",
        `This session changed meanwhile (version ${session.version}, you had ${data.expectedVersion}); reload and try again`,
        { currentVersion: session.version },
      );
    }
    const labelChanged = label !== undefined && label !== session.label;
    const [updated] = await tx
      .update(syncSessions)
      .set({
        ...(label !== undefined ? { label } : {}),
        ...(note !== undefined ? { note } : {}),
        // The label is part of what the sessions search matches: refreshed in the same write.
        ...(labelChanged ? { searchText: searchTextExpression(sql.raw("sync_sessions"), sql`${label}::text`) } : {}),
        version: sql`${syncSessions.version} + 1`,
      })
      .where(eq(syncSessions.id, session.id))
      .returning(sessionRowColumns);
    const changes: Record<string, unknown> = {};
    if (labelChanged) changes.label = { from: session.label, to: label };
    if (note !== undefined && note !== session.note) changes.note = { fromLength: session.note?.length ?? 0, toLength: note?.length ?? 0 };
    await writeAudit(tx, ctx.actor, {
      action: "sync_session.update",
      targetType: "sync_session",
      targetId: session.id,
      details: { version: updated!.version, ...changes },
    });
    await notifyChange(tx, "sync_session", session.id);
    return updated!;
  });
}
