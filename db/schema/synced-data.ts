import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { instances } from "./instances";
import { stores } from "./stores";
import { SYNCED_CHANGE_KINDS, SYNCED_ITEM_KINDS, WALLET_KINDS } from "../../lib/domain/values";
import { syncSessions } from "./sync-sessions";

/** Roles/users of a database instance, as of the last account sync. */
export const upstreamAccounts = pgTable(
  "upstream_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    canLogin: boolean("can_login").notNull(),
    superuser: boolean("superuser").notNull(),
    createDb: boolean("create_db").notNull(),
    createRole: boolean("create_role").notNull(),
    replication: boolean("replication").notNull(),
    connectionLimit: integer("connection_limit").notNull(),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    memberOf: text("member_of").array().notNull().default(sql`'{}'::text[]`),
    privileges: jsonb("privileges").$type<Record<string, unknown>>(),
    // Hash of the synced attributes; a changed fingerprint counts as an update.
    fingerprint: text("fingerprint").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    // When a sync last found the account created, changed or gone (its fingerprint moved).
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("upstream_accounts_instance_name_unique").on(t.instanceId, t.name),
    // The fleet list pages by name across instances.
    index("upstream_accounts_name_idx").on(t.name, t.id),
  ],
);

export const syncedItemKind = pgEnum("synced_item_kind", SYNCED_ITEM_KINDS);
export const syncedChangeKind = pgEnum("synced_change_kind", SYNCED_CHANGE_KINDS);

/**
 * What one instance record changed, item by item: one row per created, updated or deleted account,
 * database (capacity) or setting, nothing for an unchanged one. `changes` maps each changed attribute
 * to [before, after] (created: the attributes set, before null; deleted: the notable ones, after null).
 *
 * Keyed by the run first, so one index serves a run's and a record's changes, a re-run of the step
 * writes nothing twice (on conflict), and retention's delete of a run takes its changes by cascade.
 * An account's timeline walks its instance's records and probes this key once per record.
 */
export const syncedChanges = pgTable(
  "synced_changes",
  {
    syncSessionId: uuid("sync_session_id")
      .notNull()
      .references(() => syncSessions.id, { onDelete: "cascade" }),
    instanceRecordId: uuid("instance_record_id").notNull(),
    itemKind: syncedItemKind("item_kind").notNull(),
    itemKey: text("item_key").notNull(),
    change: syncedChangeKind("change").notNull(),
    changes: jsonb("changes").$type<Record<string, [unknown, unknown]>>(),
  },
  (t) => [primaryKey({ columns: [t.syncSessionId, t.instanceRecordId, t.itemKind, t.itemKey] })],
);
export type SyncedChange = typeof syncedChanges.$inferSelect;

/** Size of each database (PostgreSQL) or schema (MySQL) over time: one row per sync. */
export const capacitySamples = pgTable(
  "capacity_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    // The run that took the sample; a re-run of the same record replaces, never duplicates.
    instanceRecordId: uuid("instance_record_id"),
    databaseName: text("database_name").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    sampledAt: timestamp("sampled_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("capacity_samples_instance_time_idx").on(t.instanceId, t.databaseName, t.sampledAt),
    uniqueIndex("capacity_samples_record_db_unique").on(t.instanceRecordId, t.databaseName),
  ],
);

/** Server settings as of the last config sync; a changed value counts as an update. */
export const upstreamSettings = pgTable(
  "upstream_settings",
  {
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    value: text("value"),
    unit: text("unit"),
    source: text("source"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.name] })],
);

/** Battle records of a store (house), from the game server's battle feed. */
export const battleRecords = pgTable(
  "battle_records",
  {
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    externalId: text("external_id").notNull(),
    playedAt: timestamp("played_at", { withTimezone: true }).notNull(),
    players: jsonb("players").$type<{ playerId: string; score: number; won: boolean }[]>().notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.externalId] }), index("battle_records_store_played_idx").on(t.storeId, t.playedAt)],
);

export const walletTransactions = pgTable(
  "wallet_transactions",
  {
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    externalId: text("external_id").notNull(),
    playerId: text("player_id").notNull(),
    kind: text("kind", { enum: WALLET_KINDS }).notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.externalId] }), index("wallet_transactions_store_occurred_idx").on(t.storeId, t.occurredAt)],
);

export const storeMembers = pgTable(
  "store_members",
  {
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    playerId: text("player_id").notNull(),
    nickname: text("nickname").notNull(),
    role: text("role").notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }),
    leftAt: timestamp("left_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.playerId] })],
);

/** Per player and store totals derived from battle records. */
export const playerStats = pgTable(
  "player_stats",
  {
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    playerId: text("player_id").notNull(),
    games: integer("games").notNull().default(0),
    wins: integer("wins").notNull().default(0),
    scoreTotal: bigint("score_total", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.playerId] })],
);

export type UpstreamAccount = typeof upstreamAccounts.$inferSelect;
