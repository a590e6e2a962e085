import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { INSTANCE_KINDS } from "../../lib/domain/values";

export const instanceKind = pgEnum("instance_kind", INSTANCE_KINDS);

/** An upstream system we sync from. The connection secret is stored encrypted only. */
export const instances = pgTable(
  "instances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: instanceKind("kind").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    // AES-256-GCM envelope of the connection URL or token; never leaves the server.
    secretCiphertext: text("secret_ciphertext").notNull(),
    // Host, port and database without credentials, for display.
    endpoint: text("endpoint").notNull(),
    lastTestAt: timestamp("last_test_at", { withTimezone: true }),
    lastTestOk: boolean("last_test_ok"),
    lastTestMessage: text("last_test_message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // Deleted instances stay as rows so their runs and records keep their name; they leave every list.
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    // A deleted instance's name is free for a new one.
    uniqueIndex("instances_name_unique").on(sql`lower(${t.name})`).where(sql`${t.deletedAt} is null`),
    index("instances_kind_idx").on(t.kind),
  ],
);

export type Instance = typeof instances.$inferSelect;
export type InstanceKind = Instance["kind"];
