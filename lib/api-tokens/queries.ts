import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { apiTokens, authUsers } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { hashApiToken, TOKEN_PREFIX } from "./hash";

export function listApiTokens(db: Executor) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      createdByName: authUsers.name,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .leftJoin(authUsers, eq(authUsers.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.createdAt));
}

/** The actor behind a bearer token; 401 for an unknown, revoked or expired one. Records last use (at most once a minute). */
export async function actorForBearer(db: Executor, token: string): Promise<Actor> {
  if (!token.startsWith(TOKEN_PREFIX)) throw new AppError("unauthorized:api_token", "Unknown API token");
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashApiToken(token)));
  if (!row) throw new AppError("unauthorized:api_token", "Unknown API token");
  if (row.revokedAt) throw new AppError("unauthorized:api_token", "This API token was revoked");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw new AppError("unauthorized:api_token", "This API token has expired");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    // Conditional, so concurrent requests of the same token write the row once a minute, not each.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`))));
  }
  return { type: "api_token", id: row.id, label: `token:${row.name}`, role: row.role };
}
