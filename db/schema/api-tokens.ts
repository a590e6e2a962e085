import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { authUsers } from "./auth";
import { TOKEN_ROLES } from "../../lib/domain/values";

/** Bearer tokens for /api/v1. Only a SHA-256 of the token is stored; the token is shown once. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    role: text("role", { enum: TOKEN_ROLES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    // First characters of the token, to recognise it in the list.
    prefix: text("prefix").notNull(),
    createdBy: text("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_created_idx").on(t.createdAt)],
);

export type ApiToken = typeof apiTokens.$inferSelect;
