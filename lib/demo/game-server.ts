import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { instances } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { gameServerEndpoint } from "@/lib/game-server/client";
import type { DemoDirectory } from "@/lib/game-server/demo-server";
import { importDirectory } from "@/lib/game-server/import-directory";

export const DEMO_GAME_INSTANCE = "demo-game-server";

/** Registers the demo game server as an instance with its houses and accounts (tokens included). */
export async function ensureDemoGameServer(db: Database, baseUrl: string, directory: DemoDirectory) {
  return db.transaction(async (tx) => {
    const secret = encryptSecret(JSON.stringify({ baseUrl, operatorToken: directory.operatorToken }));
    const [existing] = await tx.select({ id: instances.id }).from(instances).where(eq(instances.name, DEMO_GAME_INSTANCE));
    const id = existing
      ? (
          await tx
            .update(instances)
            .set({ secretCiphertext: secret, endpoint: gameServerEndpoint(baseUrl) })
            .where(eq(instances.id, existing.id))
            .returning({ id: instances.id })
        )[0]!.id
      : (
          await tx
            .insert(instances)
            .values({ name: DEMO_GAME_INSTANCE, kind: "game_server", secretCiphertext: secret, endpoint: gameServerEndpoint(baseUrl) })
            .returning({ id: instances.id })
        )[0]!.id;
    await importDirectory(tx, id, directory);
    return id;
  });
}
