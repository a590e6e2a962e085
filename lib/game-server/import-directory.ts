import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { gameAccounts, stores } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import type { GameAccountInfo, GameHouse } from "./schemas";

/**
 * Upserts a game server's houses as stores and its accounts as game accounts. Tokens, when
 * given (demo seed, or an operator entering them), are stored encrypted; others are kept.
 */
export async function importDirectory(
  tx: Executor,
  instanceId: string,
  directory: { houses: GameHouse[]; accounts: (GameAccountInfo & { token?: string })[] },
) {
  if (directory.houses.length) {
    await tx
      .insert(stores)
      .values(directory.houses.map((h) => ({ instanceId, externalId: h.id, name: h.name })))
      .onConflictDoUpdate({ target: [stores.instanceId, stores.externalId], set: { name: sql`excluded.name` } });
  }
  for (const a of directory.accounts) {
    await tx
      .insert(gameAccounts)
      .values({
        instanceId,
        externalId: a.id,
        username: a.username,
        houseIds: a.houseIds,
        tokenCiphertext: a.token ? encryptSecret(a.token) : null,
      })
      .onConflictDoUpdate({
        target: [gameAccounts.instanceId, gameAccounts.externalId],
        set: {
          username: sql`excluded.username`,
          houseIds: sql`excluded.house_ids`,
          tokenCiphertext: sql`coalesce(excluded.token_ciphertext, ${gameAccounts.tokenCiphertext})`,
        },
      });
  }
  return { stores: directory.houses.length, accounts: directory.accounts.length };
}
