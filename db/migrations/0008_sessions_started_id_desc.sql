DROP INDEX "sync_sessions_started_idx";--> statement-breakpoint
CREATE INDEX "sync_sessions_started_idx" ON "sync_sessions" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);