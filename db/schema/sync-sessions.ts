import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { authUsers } from "./auth";
import { instances } from "./instances";
import { FAILURE_CLASSES, INSTANCE_RECORD_STATUSES, SYNC_CATEGORIES, SYNC_SESSION_STATUSES, SYNC_TYPES } from "../../lib/domain/values";

export const syncType = pgEnum("sync_type", SYNC_TYPES);
export const syncCategory = pgEnum("sync_category", SYNC_CATEGORIES);
export const syncSessionStatus = pgEnum("sync_session_status", SYNC_SESSION_STATUSES);
export const failureClass = pgEnum("failure_class", FAILURE_CLASSES);
export const instanceRecordStatus = pgEnum("instance_record_status", INSTANCE_RECORD_STATUSES);

/**
 * Time-ordered (version 7) UUIDs for the two tables that grow with every run: new keys land at the
 * right edge of the primary key, so its pages fill to 90% instead of ~70% under random keys and
 * recent rows sit together. The function is created by migration 0012 (PostgreSQL 18 has uuidv7();
 * this one works on any version with gen_random_uuid()).
 */
const uuidV7 = sql`syncdeck_uuidv7()`;

/** One batch run across upstream instances. */
export const syncSessions = pgTable(
  "sync_sessions",
  {
    id: uuid("id").primaryKey().default(uuidV7),
    syncType: syncType("sync_type").notNull(),
    syncCategory: syncCategory("sync_category").notNull(),
    status: syncSessionStatus("status").notNull().default("running"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    totalInstances: integer("total_instances").notNull().default(0),
    successfulInstances: integer("successful_instances").notNull().default(0),
    failedInstances: integer("failed_instances").notNull().default(0),
    createdBy: text("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    // Set when an API token started the run (created_by is then null, as for the scheduler).
    createdByToken: uuid("created_by_token"),
    cancelledBy: text("cancelled_by").references(() => authUsers.id, { onDelete: "set null" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    // Who cancelled in words when it was not a user: the API token's name or "scheduler".
    cancelledByLabel: text("cancelled_by_label"),
    retryOf: uuid("retry_of").references((): AnyPgColumn => syncSessions.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    // Editable through PUT /api/v1/sessions/{id} (optimistic locking on version).
    label: text("label"),
    note: text("note"),
    // The most common failure class among the run's failed records.
    failureClass: failureClass("failure_class"),
    // Instance names, error texts and the label, lower-cased: what the search box matches (trigram index).
    searchText: text("search_text").notNull().default(""),
  },
  (t) => [
    // fastupdate left on: off, the index is smaller, but every label edit inserts its trigrams one by one
    // and PUT /sessions/{id} slows down.
    index("sync_sessions_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("sync_sessions_failure_class_started_idx").on(t.failureClass, t.startedAt).where(sql`${t.failureClass} is not null`),
    // The list pages with a row comparison on (started_at, id), walking this ascending index backwards
    // (see index.ts: new runs land at its right edge).
    index("sync_sessions_started_idx").on(t.startedAt, t.id),
    // Only the rarer statuses: a page of completed runs (most of the history) is met at once walking
    // sync_sessions_started_idx; failed, cancelled and running ones seek here in list order.
    index("sync_sessions_status_started_idx").on(t.status, t.startedAt, t.id).where(sql`${t.status} <> 'completed'`),
    index("sync_sessions_running_idx").on(t.startedAt).where(sql`${t.status} = 'running'`),
    // No (sync_category, started_at) index: a category is a quarter of the history, so the list walks
    // sync_sessions_started_idx and meets a page of matches within a few hundred rows; with a status
    // filter the status index leads. Runs started by people (and retries) are the minority: partial indexes.
    index("sync_sessions_created_by_started_idx").on(t.createdBy, t.startedAt).where(sql`${t.createdBy} is not null`),
    index("sync_sessions_retry_of_idx").on(t.retryOf).where(sql`${t.retryOf} is not null`),
  ],
);

export type InstanceRecordDetails = {
  invalidItems?: { item: string; error: string }[];
  timings?: Record<string, number>;
  errorCode?: string;
};

/** One instance's part of a batch run. */
export const instanceRecords = pgTable(
  "instance_records",
  {
    id: uuid("id").primaryKey().default(uuidV7),
    syncSessionId: uuid("sync_session_id")
      .notNull()
      .references(() => syncSessions.id, { onDelete: "cascade" }),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    status: instanceRecordStatus("status").notNull().default("pending"),
    // The instance's name when the run was created: renaming the instance later leaves history as it was.
    instanceName: text("instance_name"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    itemsSynced: integer("items_synced").notNull().default(0),
    itemsCreated: integer("items_created").notNull().default(0),
    itemsUpdated: integer("items_updated").notNull().default(0),
    itemsDeleted: integer("items_deleted").notNull().default(0),
    errorMessage: text("error_message"),
    details: jsonb("details").$type<InstanceRecordDetails>(),
    attempt: integer("attempt").notNull().default(0),
    failureClass: failureClass("failure_class"),
    // The raw error behind error_message (secrets scrubbed), shown behind a disclosure.
    errorDetail: text("error_detail"),
    // How long fetching from the upstream took (the whole record: completed_at - started_at). A column, as it
    // fits the row's alignment padding, where jsonb in details would not; read back as details.timings
    // (lib/sync-sessions/record-details.ts).
    fetchMs: integer("fetch_ms"),
  },
  (t) => [
    // Not unique on (session, instance): a run's records are inserted once, from distinct instances
    // (create-session.ts), and a session-only key deduplicates to a much smaller index.
    index("instance_records_session_idx").on(t.syncSessionId),
    index("instance_records_instance_idx").on(t.instanceId),
    // Failed records by when they failed, classified or not, with the instance: top failing instances on the
    // statistics page count them from the index alone; the failure-class counts read it too.
    index("instance_records_failed_at_idx").on(t.completedAt, t.instanceId).where(sql`${t.status} = 'failed'`),
  ],
);

/** Cron per category for scheduled runs; evaluated every minute by the schedule workflow. */
export const syncSchedules = pgTable("sync_schedules", {
  category: syncCategory("category").primaryKey(),
  cron: text("cron").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  lastFiredAt: timestamp("last_fired_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text("updated_by").references(() => authUsers.id, { onDelete: "set null" }),
});

/**
 * Who is syncing an instance in a category right now. The row names the holder for messages;
 * the advisory lock taken beside it is what makes it crash-safe.
 */
export const instanceSyncLocks = pgTable(
  "instance_sync_locks",
  {
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    category: syncCategory("category").notNull(),
    syncSessionId: uuid("sync_session_id").notNull(),
    instanceRecordId: uuid("instance_record_id").notNull(),
    acquiredAt: timestamp("acquired_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.category] })],
);

export type SyncSession = typeof syncSessions.$inferSelect;
export type InstanceRecord = typeof instanceRecords.$inferSelect;
export type SyncCategory = SyncSession["syncCategory"];
export type SyncSessionStatus = SyncSession["status"];
export type InstanceRecordStatus = InstanceRecord["status"];
export type FailureClass = (typeof failureClass.enumValues)[number];
