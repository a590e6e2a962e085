CREATE TABLE "session_rollups_daily" (
	"bucket_start" timestamp with time zone NOT NULL,
	"sync_type" "sync_type" NOT NULL,
	"sync_category" "sync_category" NOT NULL,
	"runs" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"partial" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"duration_ms_sum" bigint DEFAULT 0 NOT NULL,
	"duration_ms_max" integer DEFAULT 0 NOT NULL,
	"duration_hist" integer[] DEFAULT '{}' NOT NULL,
	"items_synced" bigint DEFAULT 0 NOT NULL,
	"instances_total" integer DEFAULT 0 NOT NULL,
	"instances_failed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "session_rollups_daily_bucket_start_sync_type_sync_category_pk" PRIMARY KEY("bucket_start","sync_type","sync_category")
);
--> statement-breakpoint
DROP INDEX "sync_sessions_category_started_idx";--> statement-breakpoint
DROP INDEX "sync_sessions_created_by_started_idx";--> statement-breakpoint
DROP INDEX "sync_sessions_retry_of_idx";--> statement-breakpoint
CREATE INDEX "sync_sessions_created_by_started_idx" ON "sync_sessions" USING btree ("created_by","started_at" DESC NULLS LAST) WHERE "sync_sessions"."created_by" is not null;--> statement-breakpoint
CREATE INDEX "sync_sessions_retry_of_idx" ON "sync_sessions" USING btree ("retry_of") WHERE "sync_sessions"."retry_of" is not null;--> statement-breakpoint
-- Daily rows for the runs already counted per hour (lib/analytics/rollup.ts keeps both from now on).
INSERT INTO "session_rollups_daily" ("bucket_start", "sync_type", "sync_category", "runs", "completed", "partial", "failed", "cancelled",
  "duration_ms_sum", "duration_ms_max", "duration_hist", "items_synced", "instances_total", "instances_failed")
WITH t AS (
  SELECT date_trunc('day', r.bucket_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket_start, r.sync_type, r.sync_category,
    sum(r.runs)::int AS runs, sum(r.completed)::int AS completed, sum(r.partial)::int AS partial, sum(r.failed)::int AS failed,
    sum(r.cancelled)::int AS cancelled, sum(r.duration_ms_sum)::bigint AS duration_ms_sum, max(r.duration_ms_max) AS duration_ms_max,
    sum(r.items_synced)::bigint AS items_synced, sum(r.instances_total)::int AS instances_total, sum(r.instances_failed)::int AS instances_failed
  FROM "session_rollups" r GROUP BY 1, 2, 3
), slots AS (
  SELECT date_trunc('day', r.bucket_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket_start, r.sync_type, r.sync_category, u.i, sum(u.v)::int AS v
  FROM "session_rollups" r CROSS JOIN LATERAL unnest(r.duration_hist) WITH ORDINALITY AS u(v, i) GROUP BY 1, 2, 3, 4
), h AS (
  SELECT bucket_start, sync_type, sync_category, array_agg(v ORDER BY i) AS hist FROM slots GROUP BY 1, 2, 3
)
SELECT t.bucket_start, t.sync_type, t.sync_category, t.runs, t.completed, t.partial, t.failed, t.cancelled,
  t.duration_ms_sum, t.duration_ms_max, coalesce(h.hist, '{}'), t.items_synced, t.instances_total, t.instances_failed
FROM t LEFT JOIN h USING (bucket_start, sync_type, sync_category);
