import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { bindings, liveSessions } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** Loads a live session for update, enforcing the caller's expected version (412 when stale). */
export async function lockLiveSession(tx: Transaction, liveSessionId: string, expectedVersion?: number) {
  const [row] = await tx
    .select({ session: liveSessions, bindingStatus: bindings.status })
    .from(liveSessions)
    .innerJoin(bindings, eq(bindings.id, liveSessions.bindingId))
    .where(eq(liveSessions.id, liveSessionId))
    .for("update", { of: liveSessions });
  if (!row) throw new AppError("not_found:live_session", "No live session with that id");
  if (expectedVersion !== undefined && expectedVersion !== row.session.version) {
    throw new AppError(
      "precondition_failed:live_session",
      `This live session changed meanwhile (version ${row.session.version}, you had ${expectedVersion}); reload and try again`,
    );
  }
  return row;
}
