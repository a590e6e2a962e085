import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { bindings, gameAccounts, liveSessions, stores, streamCursors } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError, pgErrorCode } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { startStreamEvents, STREAMS } from "@/lib/live-sessions/events";
import { bindInput } from "./schemas";

const isUniqueViolation = (err: unknown) => pgErrorCode(err) === "23505";

/**
 * Binds a game account to a store: binding, live session with auto-sync on, and its stream
 * cursors in one transaction; the streams start when it commits. One account → one store.
 */
export async function bindAccount({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "binding:write");
  const data = bindInput.parse(input);
  try {
    return await inTransaction(ctx, async (tx, emit) => {
      // Row lock on the account serialises concurrent binds of it; the unique index is the backstop.
      const [account] = await tx.select().from(gameAccounts).where(eq(gameAccounts.id, data.gameAccountId)).for("update");
      if (!account) throw new AppError("not_found:game_account", "No game account with that id");
      const [store] = await tx.select().from(stores).where(eq(stores.id, data.storeId));
      if (!store) throw new AppError("not_found:store", "No store with that id");
      if (store.instanceId !== account.instanceId) {
        throw new AppError(
          "bad_request:binding",
          `Account "${account.username}" and store "${store.name}" belong to different game servers`,
        );
      }
      if (!account.houseIds.includes(store.externalId)) {
        throw new AppError(
          "bad_request:binding",
          `Account "${account.username}" is not a member of store "${store.name}" on its game server`,
        );
      }
      const [existing] = await tx
        .select({ id: bindings.id, storeName: stores.name })
        .from(bindings)
        .innerJoin(stores, eq(stores.id, bindings.storeId))
        .where(and(eq(bindings.gameAccountId, account.id), eq(bindings.status, "active")));
      if (existing) {
        throw new AppError(
          "conflict:binding",
          `Account "${account.username}" is already bound to store "${existing.storeName}"; unbind it first`,
          {
            bindingId: existing.id,
          },
        );
      }
      const [binding] = await tx
        .insert(bindings)
        .values({ gameAccountId: account.id, storeId: store.id, createdBy: actorUserId(ctx.actor) })
        .returning();
      const chain = randomUUID();
      const [session] = await tx.insert(liveSessions).values({ bindingId: binding!.id, tickChain: chain }).returning();
      await tx.insert(streamCursors).values(STREAMS.map((stream) => ({ liveSessionId: session!.id, stream })));
      await writeAudit(tx, ctx.actor, {
        action: "binding.create",
        targetType: "binding",
        targetId: binding!.id,
        details: { gameAccount: account.username, store: store.name, liveSessionId: session!.id },
      });
      await notifyChange(tx, "binding", binding!.id);
      await emit(...startStreamEvents(session!.id, chain).events);
      return { binding: binding!, liveSession: session! };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict:binding", "This account was bound to a store a moment ago; unbind it first");
    throw err;
  }
}
