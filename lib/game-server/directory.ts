import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { gameAccounts, instances, stores } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { UpstreamError } from "@/lib/connectors/types";
import { inTransaction, type Ctx } from "@/lib/context";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { createGameServerClient } from "./client";
import { importDirectory } from "./import-directory";
import { parseGameServerSecret } from "./secret";

export const refreshDirectoryInput = z.object({ instanceId: z.uuid("Instance id must be a UUID") }).strict();
export const setGameAccountTokenInput = z
  .object({
    gameAccountId: z.uuid("Game account id must be a UUID"),
    token: z.string().trim().min(1, "Token is required").max(2000, "Token is too long").describe("Stored encrypted; never returned"),
  })
  .strict();

async function gameServer(db: Executor, instanceId: string) {
  const [row] = await db
    .select({ id: instances.id, name: instances.name, kind: instances.kind, secret: instances.secretCiphertext })
    .from(instances)
    .where(and(eq(instances.id, instanceId), isNull(instances.deletedAt)));
  if (!row) throw new AppError("not_found:instance", "No instance with that id");
  if (row.kind !== "game_server") throw new AppError("bad_request:instance", `"${row.name}" is not a game server`);
  return row;
}

/**
 * Reads the game server's directory (houses and accounts) with its operator token and upserts it
 * as stores and game accounts; tokens already set are kept. The fetch happens before the transaction.
 */
export async function refreshGameServerDirectory({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:write");
  const { instanceId } = refreshDirectoryInput.parse(input);
  const server = await gameServer(ctx.db, instanceId);
  const { baseUrl, operatorToken } = parseGameServerSecret(decryptSecret(server.secret));
  const client = createGameServerClient({ baseUrl, token: operatorToken });
  let directory: Parameters<typeof importDirectory>[2];
  try {
    const [houses, accounts] = await Promise.all([client.listHouses(), client.listAccounts()]);
    directory = { houses, accounts };
  } catch (err) {
    if (err instanceof UpstreamError)
      throw new AppError("unavailable:instance", `Could not read the directory of "${server.name}": ${err.message}`);
    throw err;
  }
  return inTransaction(ctx, async (tx) => {
    const counts = await importDirectory(tx, server.id, directory);
    await writeAudit(tx, ctx.actor, {
      action: "instance.refresh_directory",
      targetType: "instance",
      targetId: server.id,
      details: { name: server.name, houses: counts.stores, accounts: counts.accounts },
    });
    await notifyChange(tx, "instance", server.id);
    return { instanceId: server.id, houses: counts.stores, accounts: counts.accounts };
  });
}

/** Sets (or replaces) the token a game account's feeds are read with; stored encrypted, never returned or audited. */
export async function setGameAccountToken({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:write");
  const data = setGameAccountTokenInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [updated] = await tx
      .update(gameAccounts)
      .set({ tokenCiphertext: encryptSecret(data.token) })
      .where(eq(gameAccounts.id, data.gameAccountId))
      .returning({ id: gameAccounts.id, username: gameAccounts.username, instanceId: gameAccounts.instanceId });
    if (!updated) throw new AppError("not_found:game_account", "No game account with that id");
    await writeAudit(tx, ctx.actor, {
      action: "game_account.set_token",
      targetType: "game_account",
      targetId: updated.id,
      details: { username: updated.username, instanceId: updated.instanceId },
    });
    await notifyChange(tx, "instance", updated.instanceId);
    return { ...updated, hasToken: true as const };
  });
}

/** A game server's directory as stored: its houses and accounts (whether a token is set, never the token). */
export async function gameServerDirectory(db: Executor, instanceId: string) {
  const accounts = await db
    .select({
      id: gameAccounts.id,
      externalId: gameAccounts.externalId,
      username: gameAccounts.username,
      houseIds: gameAccounts.houseIds,
      hasToken: sql<boolean>`${gameAccounts.tokenCiphertext} is not null`,
    })
    .from(gameAccounts)
    .where(eq(gameAccounts.instanceId, instanceId))
    .orderBy(asc(gameAccounts.username));
  const houses = await db
    .select({ id: stores.id, externalId: stores.externalId, name: stores.name })
    .from(stores)
    .where(eq(stores.instanceId, instanceId))
    .orderBy(asc(stores.name));
  return { houses, accounts };
}
