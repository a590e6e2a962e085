import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { bindings, liveSessions } from "@/db/schema";
import type { EngineEvent } from "@/lib/engine/workflow";
import { startStreamEvents } from "./events";

/** A stream is stalled when it has not ticked for three intervals plus a minute (and is not waiting out a backoff). */
export async function reviveStalledStreams(db: Database, now = new Date()): Promise<{ liveSessionId: string; events: EngineEvent[] }[]> {
  const stalled = await db.execute<{ id: string }>(sql`
    select s.id from live_sessions s join bindings b on b.id = s.binding_id
    where s.auto_sync_enabled and s.state <> 'inactive' and b.status = 'active'
      and (s.next_retry_at is null or s.next_retry_at < ${now.toISOString()}::timestamptz - interval '1 minute')
      and s.updated_at < ${now.toISOString()}::timestamptz - interval '1 minute'
      and exists (
        select 1 from stream_cursors c where c.live_session_id = s.id
          and coalesce(c.last_tick_at, s.created_at) < ${now.toISOString()}::timestamptz
              - make_interval(secs => 3 * (s.intervals ->> c.stream::text)::int + 60))
    limit 100`);
  const revived = [];
  for (const { id } of stalled) {
    const chain = randomUUID();
    const [updated] = await db
      .update(liveSessions)
      .set({ tickChain: chain, updatedAt: sql`now()` })
      .where(
        and(
          eq(liveSessions.id, id),
          eq(liveSessions.autoSyncEnabled, true),
          inArray(liveSessions.bindingId, db.select({ id: bindings.id }).from(bindings).where(eq(bindings.status, "active"))),
        ),
      )
      .returning({ id: liveSessions.id });
    if (updated) revived.push({ liveSessionId: id, events: startStreamEvents(id, chain).events });
  }
  return revived;
}
