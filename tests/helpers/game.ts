import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { gameAccounts, instances, stores } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { gameServerEndpoint } from "@/lib/game-server/client";
import { startDemoGameServer } from "@/lib/game-server/demo-server";
import { importDirectory } from "@/lib/game-server/import-directory";

/** A demo game server over real HTTP, registered as an instance with its stores and accounts. */
export async function useGameServer(db: Database, opts: { seed?: number; backlogMs?: number } = {}) {
  const server = await startDemoGameServer({ port: 0, seed: opts.seed ?? 7, backlogMs: opts.backlogMs ?? 60_000 });
  const [instance] = await db
    .insert(instances)
    .values({
      name: `game-${server.port}`,
      kind: "game_server",
      secretCiphertext: encryptSecret(JSON.stringify({ baseUrl: server.url, operatorToken: server.directory.operatorToken })),
      endpoint: gameServerEndpoint(server.url),
    })
    .returning();
  await importDirectory(db, instance!.id, server.directory);
  const accountRows = await db.select().from(gameAccounts).where(eq(gameAccounts.instanceId, instance!.id));
  const storeRows = await db.select().from(stores).where(eq(stores.instanceId, instance!.id));
  /** An account and one of its own houses, as store rows. */
  const pair = (index = 0) => {
    const acc = server.directory.accounts[index]!;
    return {
      account: accountRows.find((a) => a.externalId === acc.id)!,
      store: storeRows.find((s) => s.externalId === acc.houseIds[0])!,
    };
  };
  return { server, instance: instance!, accounts: accountRows, stores: storeRows, pair };
}
