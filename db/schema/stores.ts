import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instances } from "./instances";

/** A house on a game server. */
export const stores = pgTable(
  "stores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instances.id),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("stores_instance_external_unique").on(t.instanceId, t.externalId), index("stores_name_idx").on(t.name)],
);

/** A player account on a game server; bound to at most one store at a time. */
export const gameAccounts = pgTable(
  "game_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instances.id),
    externalId: text("external_id").notNull(),
    username: text("username").notNull(),
    // Encrypted per-account token for the game server's API.
    tokenCiphertext: text("token_ciphertext"),
    // External ids of the houses this account may read, from the game server's directory.
    houseIds: text("house_ids").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("game_accounts_instance_external_unique").on(t.instanceId, t.externalId)],
);

export type Store = typeof stores.$inferSelect;
export type GameAccount = typeof gameAccounts.$inferSelect;
