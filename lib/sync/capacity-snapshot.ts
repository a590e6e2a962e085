import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { CapacitySnapshot } from "@/lib/connectors/types";
import type { SyncCounts } from "./account-snapshot";
import { type ChangeRow, writeChanges } from "./changes";

/**
 * Records one capacity sample per database for this instance record, in one statement.
 *
 * Counts compare with the instance's previous sampling (the latest one taken by another record):
 * created = databases not in it (never sampled, or gone last time), updated = databases whose size
 * changed, deleted = databases in it that are gone now. History is never deleted.
 *
 * Idempotent per record: running the same record again replaces its samples (same counts, no
 * duplicates, and samples of databases the re-run no longer sees are dropped from this record).
 */
export async function applyCapacitySnapshot(
  tx: Executor,
  instanceId: string,
  instanceRecordId: string | null,
  rows: CapacitySnapshot[],
): Promise<SyncCounts> {
  const now = new Date().toISOString();
  // The last of duplicate names wins (ON CONFLICT cannot touch a row twice in one statement).
  const byName = new Map(rows.map((r) => [r.databaseName, { database_name: r.databaseName, bytes: r.bytes }]));
  const incoming = JSON.stringify([...byName.values()]);
  const changed = await tx.execute<{
    name: string;
    change: ChangeRow["change"];
    before: number | null;
    after: number | null;
  }>(sql`
    with recursive incoming as (
      select * from json_to_recordset(${incoming}::json) as x(database_name text, bytes bigint)
    ),
    -- every database ever sampled for the instance, one index probe each (skip scan)
    known(database_name) as (
      select min(database_name) from capacity_samples where instance_id = ${instanceId}
      union all
      select (select min(c.database_name) from capacity_samples c where c.instance_id = ${instanceId} and c.database_name > k.database_name)
      from known k where k.database_name is not null
    ),
    -- its latest sample taken by another record
    latest as (
      select k.database_name, s.bytes, s.sampled_at
      from known k
      cross join lateral (
        select c.bytes, c.sampled_at from capacity_samples c
        where c.instance_id = ${instanceId} and c.database_name = k.database_name
          and (${instanceRecordId}::uuid is null or c.instance_record_id is distinct from ${instanceRecordId}::uuid)
        order by c.sampled_at desc limit 1 -- the ascending index walked backwards: one probe
      ) s
      where k.database_name is not null
    ),
    -- the previous sampling: everything taken at the latest time
    previous as (
      select database_name, bytes from latest where sampled_at = (select max(sampled_at) from latest)
    ),
    stale as (
      -- a re-run of this record that no longer sees a database drops its earlier sample of it
      delete from capacity_samples
      where ${instanceRecordId}::uuid is not null and instance_record_id = ${instanceRecordId}::uuid
        and database_name not in (select database_name from incoming)
    ),
    -- (data-modifying CTEs always run to completion, read or not)
    upserted as (
      insert into capacity_samples (instance_id, instance_record_id, database_name, bytes, sampled_at)
      select ${instanceId}, ${instanceRecordId}::uuid, database_name, bytes, ${now}::timestamptz from incoming
      on conflict (instance_record_id, database_name) do update set
        instance_id = excluded.instance_id, bytes = excluded.bytes, sampled_at = excluded.sampled_at
      returning database_name
    )
    -- what changed against the previous sampling, one row per database
    select i.database_name as name, 'created' as change, null::bigint as before, i.bytes as after
      from incoming i where not exists (select 1 from previous p where p.database_name = i.database_name)
    union all
    select i.database_name, 'updated', p.bytes, i.bytes from incoming i join previous p using (database_name) where p.bytes <> i.bytes
    union all
    select p.database_name, 'deleted', p.bytes, null from previous p
      where not exists (select 1 from incoming i where i.database_name = p.database_name)`);
  const count = (kind: string) => changed.filter((c) => c.change === kind).length;
  if (instanceRecordId && changed.length) {
    // bigint arrives as text: sizes as numbers (exact below 2^53 bytes, 8 PiB).
    const num = (v: number | string | null) => (v === null ? null : Number(v));
    const rows: ChangeRow[] = [...changed].map((c) => ({
      key: c.name,
      change: c.change,
      changes: { bytes: [num(c.before), num(c.after)] },
    }));
    // A re-run of the record compares with the same previous sampling: its change rows are rewritten.
    await writeChanges(tx, instanceRecordId, "database", rows, true);
  }
  return { synced: rows.length, created: count("created"), updated: count("updated"), deleted: count("deleted") };
}
