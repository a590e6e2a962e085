import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { instanceSyncLocks, type SyncCategory } from "@/db/schema";

export type LockClaim = { instanceId: string; category: SyncCategory; sessionId: string; recordId: string };

/**
 * Takes the instance+category lock for a record. A lock counts only while its record is
 * `running`, so one left by a crashed or cancelled run frees itself, and the same record
 * resuming after a crash takes its own lock back. Returns the holder's session when refused.
 */
export async function tryLockInstance(
  db: Database,
  claim: LockClaim,
): Promise<{ acquired: true } | { acquired: false; heldBySession: string }> {
  const rows = await db.execute<{ instance_record_id: string }>(sql`
    insert into instance_sync_locks as l (instance_id, category, sync_session_id, instance_record_id)
    values (${claim.instanceId}, ${claim.category}, ${claim.sessionId}, ${claim.recordId})
    on conflict (instance_id, category) do update
      set sync_session_id = excluded.sync_session_id, instance_record_id = excluded.instance_record_id, acquired_at = now()
      where l.instance_record_id = excluded.instance_record_id
         or not exists (select 1 from instance_records r where r.id = l.instance_record_id and r.status = 'running')
    returning l.instance_record_id`);
  if (rows.length > 0) return { acquired: true };
  const [holder] = await db
    .select({ sessionId: instanceSyncLocks.syncSessionId })
    .from(instanceSyncLocks)
    .where(and(eq(instanceSyncLocks.instanceId, claim.instanceId), eq(instanceSyncLocks.category, claim.category)));
  return { acquired: false, heldBySession: holder?.sessionId ?? "unknown" };
}

export async function unlockInstance(db: Database, claim: LockClaim) {
  await db
    .delete(instanceSyncLocks)
    .where(
      and(
        eq(instanceSyncLocks.instanceId, claim.instanceId),
        eq(instanceSyncLocks.category, claim.category),
        eq(instanceSyncLocks.instanceRecordId, claim.recordId),
      ),
    );
}
