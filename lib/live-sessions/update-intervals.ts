import { eq, sql } from "drizzle-orm";
import { liveSessions } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { notifyChange } from "@/lib/live/notify";
import { lockLiveSession } from "./lock";
import { updateIntervalsInput } from "./schemas";

/** Per-session stream intervals in seconds; the next tick of each stream uses them. */
export async function updateStreamIntervals({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "live_session:control");
  const data = updateIntervalsInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const { session } = await lockLiveSession(tx, data.liveSessionId, data.expectedVersion);
    const intervals = { ...session.intervals, ...data.intervals };
    const [updated] = await tx
      .update(liveSessions)
      .set({ intervals, version: sql`${liveSessions.version} + 1`, updatedAt: sql`now()` })
      .where(eq(liveSessions.id, session.id))
      .returning();
    await writeAudit(tx, ctx.actor, {
      action: "live_session.update_intervals",
      targetType: "live_session",
      targetId: session.id,
      details: { from: session.intervals, to: intervals },
    });
    await notifyChange(tx, "live_session", session.id);
    return updated!;
  });
}
