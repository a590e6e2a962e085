import { eq } from "drizzle-orm";
import { gameAccounts } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { setGameAccountTokenInput } from "./directory-inputs";

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
