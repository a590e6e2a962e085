import { bigint, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";
import { syncCategory, syncType } from "./sync-sessions";

/**
 * Finished runs pre-aggregated per hour, type and category, maintained in the transaction that
 * finishes a run, so /api/v1/analytics/sessions reads a few hundred rows instead of the history.
 * duration_hist counts runs per duration bucket (bounds in lib/analytics) for p50/p95.
 */
const rollupColumns = () => ({
  bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
  syncType: syncType("sync_type").notNull(),
  syncCategory: syncCategory("sync_category").notNull(),
  runs: integer("runs").notNull().default(0),
  completed: integer("completed").notNull().default(0),
  partial: integer("partial").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  cancelled: integer("cancelled").notNull().default(0),
  durationMsSum: bigint("duration_ms_sum", { mode: "number" }).notNull().default(0),
  durationMsMax: integer("duration_ms_max").notNull().default(0),
  durationHist: integer("duration_hist").array().notNull().default([]),
  itemsSynced: bigint("items_synced", { mode: "number" }).notNull().default(0),
  instancesTotal: integer("instances_total").notNull().default(0),
  instancesFailed: integer("instances_failed").notNull().default(0),
});

export const sessionRollups = pgTable("session_rollups", rollupColumns(), (t) => [
  primaryKey({ columns: [t.bucketStart, t.syncType, t.syncCategory] }),
]);

/**
 * The same per UTC day (bucket_start at midnight), kept beside the hourly rows in the same
 * transaction, so 7d and 30d read at most 30 × 8 rows however busy the history was.
 */
export const sessionRollupsDaily = pgTable("session_rollups_daily", rollupColumns(), (t) => [
  primaryKey({ columns: [t.bucketStart, t.syncType, t.syncCategory] }),
]);

export type SessionRollup = typeof sessionRollups.$inferSelect;
