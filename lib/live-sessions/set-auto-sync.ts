import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { liveSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx, type Emit } from "@/lib/context";
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
    const result = await applyAutoSync(tx, emit, data.liveSessionId, data.enabled, data.expectedVersion);
    if (result.changed) {
      await writeAudit(tx, ctx.actor, {
        action: data.enabled ? "live_session.start_auto_sync" : "live_session.stop_auto_sync",
        targetType: "live_session",
        targetId: data.liveSessionId,
      });
    }
    return result.session;
  });
}

/** The switch itself, without permission or audit; bulk start/stop calls it too. `changed: false` when it already was so. */
export async function applyAutoSync(tx: Transaction, emit: Emit, liveSessionId: string, enabled: boolean, expectedVersion?: number) {
  const { session, bindingStatus } = await lockLiveSession(tx, liveSessionId, expectedVersion);
  if (enabled && (bindingStatus !== "active" || session.state === "inactive")) {
    throw new AppError("conflict:live_session", "Reactivate this live session (or bind the account again) before starting auto-sync");
  }
  if (session.autoSyncEnabled === enabled) return { changed: false, session };
  const chain = enabled ? randomUUID() : null;
  const [updated] = await tx
    .update(liveSessions)
    .set({
      autoSyncEnabled: enabled,
      tickChain: chain,
      syncStatus: enabled ? session.syncStatus : "idle",
      version: sql`${liveSessions.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(liveSessions.id, session.id))
    .returning();
  await notifyChange(tx, "live_session", session.id);
  if (chain) await emit(...startStreamEvents(session.id, chain).events);
  else await emit(stopStreamsEvent(session.id));
  return { changed: true, session: updated! };
}
