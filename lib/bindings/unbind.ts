import { eq, sql } from "drizzle-orm";
import { bindings, liveSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { stopStreamsEvent } from "@/lib/live-sessions/events";
import { bindingIdInput } from "./schemas";

/** Unbinds: binding inactive, live session deactivated, streams stopped; synced data is kept. */
export async function unbindAccount({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "binding:write");
  const { bindingId } = bindingIdInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const [binding] = await tx.select().from(bindings).where(eq(bindings.id, bindingId)).for("update");
    if (!binding) throw new AppError("not_found:binding", "No binding with that id");
    if (binding.status !== "active") throw new AppError("conflict:binding", "This binding is already inactive");
    const [updated] = await tx
      .update(bindings)
      .set({ status: "inactive", unboundAt: sql`now()`, unboundBy: actorUserId(ctx.actor) })
      .where(eq(bindings.id, bindingId))
      .returning();
    const [session] = await tx
      .update(liveSessions)
      .set({
        state: "inactive",
        autoSyncEnabled: false,
        syncStatus: "idle",
        tickChain: null,
        nextRetryAt: null,
        version: sql`${liveSessions.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(liveSessions.bindingId, bindingId))
      .returning({ id: liveSessions.id });
    await writeAudit(tx, ctx.actor, {
      action: "binding.unbind",
      targetType: "binding",
      targetId: bindingId,
      details: { liveSessionId: session?.id },
    });
    await notifyChange(tx, "binding", bindingId);
    if (session) {
      await notifyChange(tx, "live_session", session.id);
      await emit(stopStreamsEvent(session.id));
    }
    return updated!;
  });
}
