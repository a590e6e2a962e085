ALTER TABLE "live_sessions" ADD COLUMN "tick_chain" uuid;--> statement-breakpoint
ALTER TABLE "stream_cursors" ADD COLUMN "last_success_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stream_cursors" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "stream_cursors" ADD COLUMN "records_total" bigint DEFAULT 0 NOT NULL;