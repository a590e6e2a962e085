import { and, eq, isNull, sql } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { apiTokenIdInput } from "./schemas";

export async function revokeApiToken({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "api_token:write");
  const { tokenId } = apiTokenIdInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt });
    if (!row) throw new AppError("not_found:api_token", "No active token with that id");
    await writeAudit(tx, ctx.actor, { action: "api_token.revoke", targetType: "api_token", targetId: row.id, details: { name: row.name } });
    return row;
  });
}
