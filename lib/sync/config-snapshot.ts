import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { SettingSnapshot } from "@/lib/connectors/types";
import type { SyncCounts } from "./account-snapshot";
import { type ChangeRow, diffAttributes, notableAttributes, writeChanges } from "./changes";

/**
 * Makes our copy of an instance's settings equal to the snapshot, in one statement: new names
 * (or names that had vanished) are created, a changed value/unit/source is an update and moves
 * `changed_at`, names gone upstream get `deleted_at` (the row stays). The same snapshot twice
 * changes nothing but `last_synced_at`.
 */
export async function applyConfigSnapshot(
  tx: Executor,
  instanceId: string,
  rows: SettingSnapshot[],
  opts: { recordId?: string } = {},
): Promise<SyncCounts> {
  const now = new Date().toISOString();
  // The last of duplicate names wins (ON CONFLICT cannot touch a row twice in one statement).
  const byName = new Map(rows.map((r) => [r.name, { name: r.name, value: r.value, unit: r.unit, source: r.source }]));
  const incoming = JSON.stringify([...byName.values()]);
  // The statement returns what changed (the CTEs all see the rows as they were before it): the change
  // rows and the counts come from the same comparison.
  const changed = await tx.execute<{
    name: string;
    change: ChangeRow["change"];
    before: Setting | null;
    after: Setting | null;
  }>(sql`
    with incoming as (
      select * from json_to_recordset(${incoming}::json) as x(name text, value text, unit text, source text)
    ),
    previous as (
      select s.name, s.value, s.unit, s.source, s.deleted_at from upstream_settings s
      where s.instance_id = ${instanceId} and s.name in (select name from incoming)
    ),
    upserted as (
      insert into upstream_settings as s (instance_id, name, value, unit, source, first_seen_at, changed_at, last_synced_at, deleted_at)
      select ${instanceId}, name, value, unit, source, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz, null from incoming
      on conflict (instance_id, name) do update set
        value = excluded.value, unit = excluded.unit, source = excluded.source,
        changed_at = case
          when s.deleted_at is not null or (s.value, s.unit, s.source) is distinct from (excluded.value, excluded.unit, excluded.source)
          then excluded.changed_at else s.changed_at end,
        last_synced_at = excluded.last_synced_at, deleted_at = null
      returning s.name
    ),
    gone as (
      update upstream_settings set deleted_at = ${now}::timestamptz, changed_at = ${now}::timestamptz
      where instance_id = ${instanceId} and deleted_at is null and name not in (select name from incoming)
      returning name, value, unit, source
    )
    select i.name, 'created' as change, null::json as before, json_build_object('value', i.value, 'unit', i.unit, 'source', i.source) as after
      from incoming i left join previous p using (name) where p.name is null or p.deleted_at is not null
    union all
    select i.name, 'updated', json_build_object('value', p.value, 'unit', p.unit, 'source', p.source),
           json_build_object('value', i.value, 'unit', i.unit, 'source', i.source)
      from incoming i join previous p using (name)
      where p.deleted_at is null and (p.value, p.unit, p.source) is distinct from (i.value, i.unit, i.source)
    union all
    select g.name, 'deleted', json_build_object('value', g.value, 'unit', g.unit, 'source', g.source), null from gone g`);
  const count = (kind: string) => changed.filter((c) => c.change === kind).length;
  if (opts.recordId && changed.length) {
    const rows: ChangeRow[] = [...changed].map((c) => ({
      key: c.name,
      change: c.change,
      changes:
        c.change === "updated"
          ? diffAttributes(c.before ?? {}, c.after ?? {})
          : c.change === "created"
            ? notableAttributes(c.after ?? {}, "after")
            : notableAttributes(c.before ?? {}, "before"),
    }));
    await writeChanges(tx, opts.recordId, "setting", rows);
  }
  return { synced: rows.length, created: count("created"), updated: count("updated"), deleted: count("deleted") };
}

type Setting = { value: string | null; unit: string | null; source: string | null };
