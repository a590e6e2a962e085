CREATE TABLE "instance_sync_locks" (
	"instance_id" uuid NOT NULL,
	"category" "sync_category" NOT NULL,
	"sync_session_id" uuid NOT NULL,
	"instance_record_id" uuid NOT NULL,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instance_sync_locks_instance_id_category_pk" PRIMARY KEY("instance_id","category")
);
--> statement-breakpoint
CREATE TABLE "sync_schedules" (
	"category" "sync_category" PRIMARY KEY NOT NULL,
	"cron" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_fired_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "capacity_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"instance_record_id" uuid,
	"database_name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"sampled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upstream_settings" (
	"instance_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" text,
	"unit" text,
	"source" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "upstream_settings_instance_id_name_pk" PRIMARY KEY("instance_id","name")
);
--> statement-breakpoint
ALTER TABLE "instance_sync_locks" ADD CONSTRAINT "instance_sync_locks_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_schedules" ADD CONSTRAINT "sync_schedules_updated_by_auth_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."auth_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_samples" ADD CONSTRAINT "capacity_samples_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upstream_settings" ADD CONSTRAINT "upstream_settings_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capacity_samples_instance_time_idx" ON "capacity_samples" USING btree ("instance_id","database_name","sampled_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "capacity_samples_record_db_unique" ON "capacity_samples" USING btree ("instance_record_id","database_name");--> statement-breakpoint
CREATE INDEX "sync_sessions_category_started_idx" ON "sync_sessions" USING btree ("sync_category","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sync_sessions_created_by_started_idx" ON "sync_sessions" USING btree ("created_by","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sync_sessions_retry_of_idx" ON "sync_sessions" USING btree ("retry_of");