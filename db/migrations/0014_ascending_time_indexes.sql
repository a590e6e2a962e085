DROP INDEX "sync_logs_session_started_idx";--> statement-breakpoint
DROP INDEX "battle_records_store_played_idx";--> statement-breakpoint
DROP INDEX "capacity_samples_instance_time_idx";--> statement-breakpoint
DROP INDEX "wallet_transactions_store_occurred_idx";--> statement-breakpoint
DROP INDEX "audit_log_created_idx";--> statement-breakpoint
DROP INDEX "api_tokens_created_idx";--> statement-breakpoint
DROP INDEX "bulk_operations_created_idx";--> statement-breakpoint
DROP INDEX "alert_deliveries_created_idx";--> statement-breakpoint
CREATE INDEX "sync_logs_session_started_idx" ON "sync_logs" USING btree ("live_session_id","started_at","id");--> statement-breakpoint
CREATE INDEX "battle_records_store_played_idx" ON "battle_records" USING btree ("store_id","played_at");--> statement-breakpoint
CREATE INDEX "capacity_samples_instance_time_idx" ON "capacity_samples" USING btree ("instance_id","database_name","sampled_at");--> statement-breakpoint
CREATE INDEX "wallet_transactions_store_occurred_idx" ON "wallet_transactions" USING btree ("store_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "api_tokens_created_idx" ON "api_tokens" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "bulk_operations_created_idx" ON "bulk_operations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "alert_deliveries_created_idx" ON "alert_deliveries" USING btree ("created_at");