DROP INDEX "instances_name_unique";--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "instances_name_unique" ON "instances" USING btree (lower("name")) WHERE "instances"."deleted_at" is null;