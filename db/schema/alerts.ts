import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authUsers } from "./auth";
import { ALERT_CONDITIONS, ALERT_DELIVERY_STATUSES, ALERT_DESTINATIONS, ALERT_SCOPES } from "../../lib/domain/values";

export const alertScope = pgEnum("alert_scope", ALERT_SCOPES);
export const alertCondition = pgEnum("alert_condition", ALERT_CONDITIONS);
export const alertDestination = pgEnum("alert_destination", ALERT_DESTINATIONS);
export const alertDeliveryStatus = pgEnum("alert_delivery_status", ALERT_DELIVERY_STATUSES);

/** Who is told what, and where: one condition on one object (or everything), one destination. */
export const alertRules = pgTable("alert_rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  scope: alertScope("scope").notNull(),
  // Binding id, instance id or category name; null for scope `all`.
  scopeRef: text("scope_ref"),
  condition: alertCondition("condition").notNull(),
  // N for consecutive_failures; seconds for live_error_for and slow_run.
  threshold: integer("threshold"),
  destination: alertDestination("destination").notNull(),
  // Destination URL and HMAC signing secret, encrypted like instance secrets; never sent to the browser.
  urlEncrypted: text("url_encrypted").notNull(),
  signingSecretEncrypted: text("signing_secret_encrypted"),
  enabled: boolean("enabled").notNull().default(true),
  mutedUntil: timestamp("muted_until", { withTimezone: true }),
  version: integer("version").notNull().default(1),
  createdBy: text("created_by").references(() => authUsers.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One message to one destination; sent by durable work with retries. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    // What fired (e.g. `run_failed:<record id>`): one delivery per rule and event, however often it is evaluated.
    dedupeKey: text("dedupe_key").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: alertDeliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    responseStatus: integer("response_status"),
    isTest: boolean("is_test").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alert_deliveries_rule_dedupe_unique").on(t.ruleId, t.dedupeKey),
    index("alert_deliveries_created_idx").on(t.createdAt),
  ],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type AlertDelivery = typeof alertDeliveries.$inferSelect;
