import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { gameAccounts, stores } from "@/db/schema";

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
