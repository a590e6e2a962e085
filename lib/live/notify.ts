import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

export const LIVE_CHANNEL = "syncdeck_live";

export type LiveTopic =
  | "sync_session"
  | "instance"
  | "binding"
  | "live_session"
  | "schedule"
  | "bulk_operation"
  | "alert_rule"
  | "alert_delivery";

/** Tells every open dashboard that an object changed; delivered by PostgreSQL when the transaction commits. */
export async function notifyChange(tx: Executor, topic: LiveTopic, id: string, extra: Record<string, string> = {}) {
  const payload = JSON.stringify({ topic, id, ...extra });
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
}
