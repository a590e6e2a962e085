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
import { restartInput } from "./schemas";
import { NO_ERROR } from "./backoff";

/** Restarts a live session now: clears its error and backoff and starts a fresh chain of ticks from the cursors. */
export async function restartLiveSession({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "live_session:control");
  const data = restartInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const { session, bindingStatus } = await lockLiveSession(tx, data.liveSessionId, data.expectedVersion);
    if (bindingStatus !== "active")
      throw new AppError("conflict:live_session", "The binding of this session was unbound; bind the account again instead");
    const chain = randomUUID();
    const [updated] = await tx
      .update(liveSessions)
      .set({
        state: "active",
        autoSyncEnabled: true,
        syncStatus: "idle",
        ...NO_ERROR,
        tickChain: chain,
        version: sql`${liveSessions.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(liveSessions.id, session.id))
      .returning();
    await writeAudit(tx, ctx.actor, {
      action: "live_session.restart",
      targetType: "live_session",
      targetId: session.id,
      details: { previousState: session.state },
    });
    await notifyChange(tx, "live_session", session.id);
    await emit(stopStreamsEvent(session.id), ...startStreamEvents(session.id, chain).events);
    return updated!;
  });
}
