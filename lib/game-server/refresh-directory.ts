import { and, eq, isNull } from "drizzle-orm";
import { instances } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { UpstreamError } from "@/lib/connectors/types";
import { inTransaction, type Ctx } from "@/lib/context";
import { decryptSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { createGameServerClient } from "./client";
import { refreshDirectoryInput } from "./directory-inputs";
import { importDirectory } from "./import-directory";
import { parseGameServerSecret } from "./secret";

/**
 * Reads the game server's directory (houses and accounts) with its operator token and upserts it
 * as stores and game accounts; tokens already set are kept. The fetch happens before the transaction.
 */
export async function refreshGameServerDirectory({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:write");
  const { instanceId } = refreshDirectoryInput.parse(input);
  const [server] = await ctx.db
    .select({ id: instances.id, name: instances.name, kind: instances.kind, secret: instances.secretCiphertext })
    .from(instances)
    .where(and(eq(instances.id, instanceId), isNull(instances.deletedAt)));
  if (!server) throw new AppError("not_found:instance", "No instance with that id");
  if (server.kind !== "game_server") throw new AppError("bad_request:instance", `"${server.name}" is not a game server`);
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
