CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."failure_class" AS ENUM('network', 'auth', 'timeout', 'permission', 'upstream_data', 'internal');--> statement-breakpoint
CREATE TYPE "public"."bulk_action" AS ENUM('cancel_sessions', 'retry_failed_sessions', 'stop_auto_sync', 'start_auto_sync');--> statement-breakpoint
CREATE TYPE "public"."bulk_status" AS ENUM('running', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."alert_condition" AS ENUM('run_failed', 'consecutive_failures', 'live_error_for', 'slow_run');--> statement-breakpoint
CREATE TYPE "public"."alert_delivery_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TYPE "public"."alert_destination" AS ENUM('webhook', 'slack');--> statement-breakpoint
CREATE TYPE "public"."alert_scope" AS ENUM('all', 'binding', 'instance', 'category');--> statement-breakpoint
CREATE TABLE "session_rollups" (
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
	CONSTRAINT "session_rollups_bucket_start_sync_type_sync_category_pk" PRIMARY KEY("bucket_start","sync_type","sync_category")
);
--> statement-breakpoint
CREATE TABLE "bulk_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action" "bulk_action" NOT NULL,
	"selection" jsonb NOT NULL,
	"target_ids" uuid[] NOT NULL,
	"status" "bulk_status" DEFAULT 'running' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"idempotency_key" text,
	"created_by" text,
	"created_by_token" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "alert_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"response_status" integer,
	"is_test" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scope" "alert_scope" NOT NULL,
	"scope_ref" text,
	"condition" "alert_condition" NOT NULL,
	"threshold" integer,
	"destination" "alert_destination" NOT NULL,
	"url_encrypted" text NOT NULL,
	"signing_secret_encrypted" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"muted_until" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live_sessions" ADD COLUMN "failure_class" "failure_class";--> statement-breakpoint
ALTER TABLE "live_sessions" ADD COLUMN "error_detail" text;--> statement-breakpoint
ALTER TABLE "live_sessions" ADD COLUMN "error_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_logs" ADD COLUMN "failure_class" "failure_class";--> statement-breakpoint
ALTER TABLE "sync_logs" ADD COLUMN "error_detail" text;--> statement-breakpoint
ALTER TABLE "instance_records" ADD COLUMN "failure_class" "failure_class";--> statement-breakpoint
ALTER TABLE "instance_records" ADD COLUMN "error_detail" text;--> statement-breakpoint
ALTER TABLE "sync_sessions" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "sync_sessions" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "sync_sessions" ADD COLUMN "failure_class" "failure_class";--> statement-breakpoint
ALTER TABLE "sync_sessions" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_created_by_auth_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_created_by_auth_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_operations_idempotency_unique" ON "bulk_operations" USING btree ("idempotency_key") WHERE "bulk_operations"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "bulk_operations_created_idx" ON "bulk_operations" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_rule_dedupe_unique" ON "alert_deliveries" USING btree ("rule_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "alert_deliveries_created_idx" ON "alert_deliveries" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "instance_records_failed_completed_idx" ON "instance_records" USING btree ("completed_at") WHERE "instance_records"."failure_class" is not null;--> statement-breakpoint
CREATE INDEX "sync_sessions_search_trgm_idx" ON "sync_sessions" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "sync_sessions_failure_class_started_idx" ON "sync_sessions" USING btree ("failure_class","started_at" DESC NULLS LAST) WHERE "sync_sessions"."failure_class" is not null;