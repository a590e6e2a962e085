import { sql } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { hashApiToken, newApiToken } from "./hash";
import { createApiTokenInput } from "./schemas";

/** Creates a bearer token; the plaintext is returned this once and never stored. */
export async function createApiToken({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "api_token:write");
  const data = createApiTokenInput.parse(input);
  const token = newApiToken();
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: data.name,
        role: data.role,
        tokenHash: hashApiToken(token),
        prefix: token.slice(0, 10),
        createdBy: actorUserId(ctx.actor),
        expiresAt: data.expiresInDays ? sql`now() + make_interval(days => ${data.expiresInDays})` : null,
      })
      .returning({
        id: apiTokens.id,
        name: apiTokens.name,
        role: apiTokens.role,
        prefix: apiTokens.prefix,
        expiresAt: apiTokens.expiresAt,
        createdAt: apiTokens.createdAt,
      });
    await writeAudit(tx, ctx.actor, {
      action: "api_token.create",
      targetType: "api_token",
      targetId: row!.id,
      details: { name: data.name, role: data.role, expiresAt: row!.expiresAt },
    });
    return { ...row!, token };
  });
}
