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
import { setActiveInput } from "./schemas";
import { NO_ERROR } from "./backoff";

/** Deactivates (streams stop, data kept) or reactivates (auto-sync back on) a live session. */
export async function setLiveSessionActive({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "live_session:control");
  const data = setActiveInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const { session, bindingStatus } = await lockLiveSession(tx, data.liveSessionId, data.expectedVersion);
    if (data.active && bindingStatus !== "active")
      throw new AppError("conflict:live_session", "The binding of this session was unbound; bind the account again instead");
    if ((session.state !== "inactive") === data.active) return session;
    const chain = data.active ? randomUUID() : null;
    const [updated] = await tx
      .update(liveSessions)
      .set({
        state: data.active ? "active" : "inactive",
        autoSyncEnabled: data.active,
        tickChain: chain,
        syncStatus: "idle",
        ...NO_ERROR,
        version: sql`${liveSessions.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(liveSessions.id, session.id))
      .returning();
    await writeAudit(tx, ctx.actor, {
      action: data.active ? "live_session.reactivate" : "live_session.deactivate",
      targetType: "live_session",
      targetId: session.id,
    });
    await notifyChange(tx, "live_session", session.id);
    if (chain) await emit(...startStreamEvents(session.id, chain).events);
    else await emit(stopStreamsEvent(session.id));
    return updated!;
  });
}
