-- Version 7 (time-ordered) UUIDs: 48 bits of Unix milliseconds, then random bits, version 7, RFC 9562 variant.
-- Portable to PostgreSQL 13+ (gen_random_uuid); PostgreSQL 18's built-in uuidv7() is not assumed.
CREATE OR REPLACE FUNCTION syncdeck_uuidv7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    52, 1), 53, 1),
  'hex')::uuid
$$;--> statement-breakpoint
DROP INDEX "instance_records_session_instance_unique";--> statement-breakpoint
DROP INDEX "instance_records_failed_completed_idx";--> statement-breakpoint
DROP INDEX "sync_sessions_failure_class_started_idx";--> statement-breakpoint
DROP INDEX "sync_sessions_started_idx";--> statement-breakpoint
DROP INDEX "sync_sessions_status_started_idx";--> statement-breakpoint
DROP INDEX "sync_sessions_created_by_started_idx";--> statement-breakpoint
ALTER TABLE "instance_records" ALTER COLUMN "id" SET DEFAULT syncdeck_uuidv7();--> statement-breakpoint
ALTER TABLE "sync_sessions" ALTER COLUMN "id" SET DEFAULT syncdeck_uuidv7();--> statement-breakpoint
ALTER TABLE "instance_records" ADD COLUMN "fetch_ms" integer;--> statement-breakpoint
CREATE INDEX "instance_records_session_idx" ON "instance_records" USING btree ("sync_session_id");--> statement-breakpoint
CREATE INDEX "sync_sessions_failure_class_started_idx" ON "sync_sessions" USING btree ("failure_class","started_at") WHERE "sync_sessions"."failure_class" is not null;--> statement-breakpoint
CREATE INDEX "sync_sessions_started_idx" ON "sync_sessions" USING btree ("started_at","id");--> statement-breakpoint
CREATE INDEX "sync_sessions_status_started_idx" ON "sync_sessions" USING btree ("status","started_at","id") WHERE "sync_sessions"."status" <> 'completed';--> statement-breakpoint
CREATE INDEX "sync_sessions_created_by_started_idx" ON "sync_sessions" USING btree ("created_by","started_at") WHERE "sync_sessions"."created_by" is not null;
