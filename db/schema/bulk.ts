import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authUsers } from "./auth";
import { BULK_ACTIONS, BULK_STATUSES } from "../../lib/domain/values";

export const bulkAction = pgEnum("bulk_action", BULK_ACTIONS);
export const bulkStatus = pgEnum("bulk_status", BULK_STATUSES);

export type BulkSelection = { ids?: string[]; filter?: Record<string, unknown> };

/**
 * One bulk action over many sessions or live sessions. The target ids are resolved once, when
 * the operation is created, so "all matching this filter" means the rows matching it then.
 */
export const bulkOperations = pgTable(
  "bulk_operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    action: bulkAction("action").notNull(),
    selection: jsonb("selection").$type<BulkSelection>().notNull(),
    targetIds: uuid("target_ids").array().notNull(),
    status: bulkStatus("status").notNull().default("running"),
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    succeeded: integer("succeeded").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    errors: jsonb("errors").$type<{ id: string; message: string }[]>().notNull().default([]),
    // A repeated request with the same key returns the first operation instead of a second one.
    idempotencyKey: text("idempotency_key"),
    createdBy: text("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdByToken: uuid("created_by_token"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("bulk_operations_idempotency_unique").on(t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index("bulk_operations_created_idx").on(t.createdAt),
  ],
);

export type BulkOperation = typeof bulkOperations.$inferSelect;
