import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { SyncedChangeKind, SyncedItemKind } from "@/lib/domain/values";

/** One changed item: its key (account, database or setting name) and each changed attribute as [before, after]. */
export type ChangeRow = { key: string; change: SyncedChangeKind; changes: Record<string, [unknown, unknown]> | null };

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    .join(",")}}`;
}

/** The attributes that differ, as [before, after] (a missing one is null); null when none does. */
export function diffAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> | null {
  const out: Record<string, [unknown, unknown]> = {};
  let any = false;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[key] ?? null;
    const a = after[key] ?? null;
    if (canonical(b) !== canonical(a)) {
      out[key] = [b, a];
      any = true;
    }
  }
  return any ? out : null;
}

/** An empty value: false, null, -1 (no connection limit), "", [] or an object of empty values. */
function isBlank(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === -1 || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).every(isBlank);
  return false;
}

/**
 * What a created (or deleted) item had set, as [null, value] (or [value, null]): the attributes left
 * at their empty default are not news and would only make every first sync's rows bigger.
 */
export function notableAttributes(attrs: Record<string, unknown>, side: "before" | "after"): Record<string, [unknown, unknown]> | null {
  const out: Record<string, [unknown, unknown]> = {};
  let any = false;
  for (const [key, v] of Object.entries(attrs)) {
    if (isBlank(v)) continue;
    out[key] = side === "after" ? [null, v] : [v, null];
    any = true;
  }
  return any ? out : null;
}

/**
 * Stores a record's changes under its run, in one statement. A re-run of the step writes nothing twice:
 * an item already recorded for this record is left as it is (or, with `replace`, rewritten: capacity
 * re-computes the same record against the same previous sampling). A record id that names no instance
 * record writes nothing.
 */
export async function writeChanges(tx: Executor, recordId: string, kind: SyncedItemKind, rows: ChangeRow[], replace = false) {
  if (!rows.length) return;
  const json = JSON.stringify(rows.map((r) => ({ item_key: r.key, change: r.change, changes: r.changes })));
  await tx.execute(sql`
    insert into synced_changes (sync_session_id, instance_record_id, item_kind, item_key, change, changes)
    select r.sync_session_id, r.id, ${kind}::synced_item_kind, x.item_key, x.change::synced_change_kind, x.changes
    from instance_records r, json_to_recordset(${json}::json) as x(item_key text, change text, changes jsonb)
    where r.id = ${recordId}::uuid
    on conflict (sync_session_id, instance_record_id, item_kind, item_key) do ${
      replace ? sql`update set change = excluded.change, changes = excluded.changes` : sql`nothing`
    }`);
}
