CREATE TYPE "public"."synced_change_kind" AS ENUM('created', 'updated', 'deleted');--> statement-breakpoint
CREATE TYPE "public"."synced_item_kind" AS ENUM('account', 'database', 'setting');--> statement-breakpoint
CREATE TABLE "synced_changes" (
	"sync_session_id" uuid NOT NULL,
	"instance_record_id" uuid NOT NULL,
	"item_kind" "synced_item_kind" NOT NULL,
	"item_key" text NOT NULL,
	"change" "synced_change_kind" NOT NULL,
	"changes" jsonb,
	CONSTRAINT "synced_changes_sync_session_id_instance_record_id_item_kind_item_key_pk" PRIMARY KEY("sync_session_id","instance_record_id","item_kind","item_key")
);
--> statement-breakpoint
ALTER TABLE "instance_records" ADD COLUMN "instance_name" text;--> statement-breakpoint
ALTER TABLE "upstream_accounts" ADD COLUMN "changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "synced_changes" ADD CONSTRAINT "synced_changes_sync_session_id_sync_sessions_id_fk" FOREIGN KEY ("sync_session_id") REFERENCES "public"."sync_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "upstream_accounts_name_idx" ON "upstream_accounts" USING btree ("name","id");