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
import { authUsers } from "./auth";
import { gameAccounts, stores } from "./stores";
import { failureClass } from "./sync-sessions";
import { BINDING_STATUSES, LIVE_SESSION_STATES, LIVE_STREAMS, LIVE_SYNC_STATUSES, SYNC_LOG_STATUSES } from "../../lib/domain/values";

export const bindingStatus = pgEnum("binding_status", BINDING_STATUSES);
export const liveSessionState = pgEnum("live_session_state", LIVE_SESSION_STATES);
export const liveSyncStatus = pgEnum("live_sync_status", LIVE_SYNC_STATUSES);
export const liveStream = pgEnum("live_stream", LIVE_STREAMS);
export const syncLogStatus = pgEnum("sync_log_status", SYNC_LOG_STATUSES);

export const bindings = pgTable(
  "bindings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    gameAccountId: uuid("game_account_id")
      .notNull()
      .references(() => gameAccounts.id),
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    status: bindingStatus("status").notNull().default("active"),
    createdBy: text("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    unboundAt: timestamp("unbound_at", { withTimezone: true }),
    unboundBy: text("unbound_by").references(() => authUsers.id, { onDelete: "set null" }),
  },
  (t) => [
    // One account → one store: at most one active binding per game account.
    uniqueIndex("bindings_active_account_unique").on(t.gameAccountId).where(sql`${t.status} = 'active'`),
    index("bindings_store_idx").on(t.storeId),
  ],
);

export type StreamIntervals = { battles: number; wallet: number; members: number };

export const liveSessions = pgTable(
  "live_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bindingId: uuid("binding_id")
      .notNull()
      .unique()
      .references(() => bindings.id),
    state: liveSessionState("state").notNull().default("active"),
    autoSyncEnabled: boolean("auto_sync_enabled").notNull().default(true),
    syncStatus: liveSyncStatus("sync_status").notNull().default("idle"),
    lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
    errorMsg: text("error_msg"),
    failureClass: failureClass("failure_class"),
    errorDetail: text("error_detail"),
    // When the session entered `error` (kept while it stays there); alert rules measure from it.
    errorSince: timestamp("error_since", { withTimezone: true }),
    retryCount: integer("retry_count").notNull().default(0),
    nextRetryAt: timestamp("next_retry_at", { withTimezone: true }),
    // Seconds between ticks per stream.
    intervals: jsonb("intervals").$type<StreamIntervals>().notNull().default({ battles: 5, wallet: 10, members: 30 }),
    version: integer("version").notNull().default(1),
    // The current chain of stream ticks; ticks of an older chain (after stop/start or restart) end themselves.
    tickChain: uuid("tick_chain"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("live_sessions_state_idx").on(t.state, t.autoSyncEnabled)],
);

export const streamCursors = pgTable(
  "stream_cursors",
  {
    liveSessionId: uuid("live_session_id")
      .notNull()
      .references(() => liveSessions.id, { onDelete: "cascade" }),
    stream: liveStream("stream").notNull(),
    cursor: text("cursor"),
    lastTickAt: timestamp("last_tick_at", { withTimezone: true }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    lastError: text("last_error"),
    recordsTotal: bigint("records_total", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.liveSessionId, t.stream] })],
);

export const syncLogs = pgTable(
  "sync_logs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    liveSessionId: uuid("live_session_id")
      .notNull()
      .references(() => liveSessions.id, { onDelete: "cascade" }),
    stream: liveStream("stream").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    recordsSynced: integer("records_synced").notNull().default(0),
    status: syncLogStatus("status").notNull(),
    error: text("error"),
    failureClass: failureClass("failure_class"),
    errorDetail: text("error_detail"),
  },
  (t) => [
    // A live session's logs newest first, paged by (started_at, id); also the last minutes of a stream.
    index("sync_logs_session_started_idx").on(t.liveSessionId, t.startedAt, t.id),
    index("sync_logs_started_idx").on(t.startedAt),
    // Failures per class in a time window (statistics, overview) without reading every tick.
    index("sync_logs_failed_started_idx").on(t.startedAt, t.failureClass, t.status).where(sql`${t.failureClass} is not null`),
  ],
);

export type Binding = typeof bindings.$inferSelect;
export type LiveSession = typeof liveSessions.$inferSelect;
export type SyncLog = typeof syncLogs.$inferSelect;
