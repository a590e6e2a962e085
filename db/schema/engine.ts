import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { WORKFLOW_RUN_STATUSES } from "../../lib/domain/values";

export const workflowRunStatus = pgEnum("workflow_run_status", WORKFLOW_RUN_STATUSES);

/** Runs of the embedded in-process engine; an outbox the leader drains. */
export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workflowId: text("workflow_id").notNull(),
    eventName: text("event_name").notNull(),
    eventData: jsonb("event_data").$type<Record<string, unknown>>().notNull(),
    // Deduplicates cron fires and deterministic event ids.
    dedupeKey: text("dedupe_key").unique(),
    concurrencyKey: text("concurrency_key"),
    status: workflowRunStatus("status").notNull().default("queued"),
    attempt: integer("attempt").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("workflow_runs_due_idx").on(t.runAfter).where(sql`${t.status} = 'queued'`),
    index("workflow_runs_active_idx").on(t.workflowId, t.status),
  ],
);

/** Memoized step outputs: a resumed run skips the steps it already completed. */
export const workflowSteps = pgTable(
  "workflow_steps",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    output: jsonb("output"),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId] })],
);

/**
 * Events for Inngest, written in the transaction that emits them and relayed after the commit
 * (lib/engine/outbox.ts): a send that fails or never happens cannot leave committed state without its
 * workflow. A row is deleted once Inngest has accepted it; `event_id` is the id Inngest deduplicates on.
 */
export const engineOutbox = pgTable(
  "engine_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: text("event_id").notNull().unique(),
    name: text("name").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    ts: bigint("ts", { mode: "number" }),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("engine_outbox_due_idx").on(t.nextAttemptAt, t.createdAt)],
);

export type WorkflowRun = typeof workflowRuns.$inferSelect;
