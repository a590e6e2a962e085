import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { liveSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { startStreamEvents, stopStreamsEvent } from "./events";
import { lockLiveSession } from "./lock";
import { setAutoSyncInput } from "./schemas";

/** Starts or stops a live session's streams. Starting twice is a no-op, not a second set of streams. */
export async function setAutoSync({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "live_session:control");
  const data = setAutoSyncInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const { session, bindingStatus } = await lockLiveSession(tx, data.liveSessionId, data.expectedVersion);
    if (data.enabled && (bindingStatus !== "active" || session.state === "inactive")) {
      throw new AppError("conflict:live_session", "Reactivate this live session (or bind the account again) before starting auto-sync");
    }
    if (session.autoSyncEnabled === data.enabled) return session;
    const chain = data.enabled ? randomUUID() : null;
    const [updated] = await tx
      .update(liveSessions)
      .set({ autoSyncEnabled: data.enabled, tickChain: chain, syncStatus: data.enabled ? session.syncStatus : "idle", version: sql`${liveSessions.version} + 1`, updatedAt: sql`now()` })
      .where(eq(liveSessions.id, session.id))
      .returning();
    await writeAudit(tx, ctx.actor, { action: data.enabled ? "live_session.start_auto_sync" : "live_session.stop_auto_sync", targetType: "live_session", targetId: session.id });
    await notifyChange(tx, "live_session", session.id);
    if (chain) await emit(...startStreamEvents(session.id, chain).events);
    else await emit(stopStreamsEvent(session.id));
    return updated!;
  });
}
