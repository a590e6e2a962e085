import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { upstreamAccounts } from "@/db/schema";
import type { UpstreamAccountSnapshot } from "@/lib/connectors/types";

export type SyncCounts = { synced: number; created: number; updated: number; deleted: number };

/** JSON with object keys sorted at every level, so the same data always hashes the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

/** Hash of everything synced about an account, privileges included: any grant change is an update. */
function fingerprint(a: UpstreamAccountSnapshot): string {
  const { name, ...attrs } = a;
  return createHash("sha1").update(name).update(canonicalJson({ ...attrs, privileges: attrs.privileges ?? null })).digest("hex");
}

/**
 * Makes our copy of an instance's accounts equal to the snapshot: the stored fingerprints are read
 * once, the new state goes in with one multi-row upsert, and vanished accounts are marked deleted
 * with one update, so the cost stays linear whatever the planner guesses about the incoming rows.
 * Counts new, changed and vanished accounts. Idempotent: the same snapshot twice changes nothing.
 * Callers hold the instance's sync lock, so nothing else writes these rows meanwhile.
 */
export async function applyAccountSnapshot(tx: Executor, instanceId: string, snapshot: UpstreamAccountSnapshot[]): Promise<SyncCounts> {
  const now = new Date();
  const stored = await tx
    .select({ name: upstreamAccounts.name, fingerprint: upstreamAccounts.fingerprint, deletedAt: upstreamAccounts.deletedAt })
    .from(upstreamAccounts)
    .where(eq(upstreamAccounts.instanceId, instanceId));
  const previous = new Map(stored.map((r) => [r.name, r]));
  let created = 0;
  let updated = 0;
  if (snapshot.length > 0) {
    const rows = snapshot.map((a) => {
      const fp = fingerprint(a);
      const p = previous.get(a.name);
      if (!p || p.deletedAt) created++;
      else if (p.fingerprint !== fp) updated++;
      return {
        instance_id: instanceId,
        name: a.name,
        can_login: a.canLogin,
        superuser: a.superuser,
        create_db: a.createDb,
        create_role: a.createRole,
        replication: a.replication,
        connection_limit: a.connectionLimit,
        valid_until: a.validUntil ? new Date(a.validUntil) : null,
        member_of: a.memberOf,
        privileges: a.privileges ?? null,
        fingerprint: fp,
      };
    });
    await tx.execute(sql`
      insert into upstream_accounts as ua (instance_id, name, can_login, superuser, create_db, create_role, replication,
                                           connection_limit, valid_until, member_of, privileges, fingerprint, last_synced_at, deleted_at)
      select instance_id, name, can_login, superuser, create_db, create_role, replication,
             connection_limit, valid_until, member_of, privileges, fingerprint, ${now.toISOString()}::timestamptz, null
      from json_populate_recordset(null::upstream_accounts, ${JSON.stringify(rows)}::json)
      on conflict (instance_id, name) do update set
        can_login = excluded.can_login, superuser = excluded.superuser, create_db = excluded.create_db,
        create_role = excluded.create_role, replication = excluded.replication,
        connection_limit = excluded.connection_limit, valid_until = excluded.valid_until,
        member_of = excluded.member_of, privileges = excluded.privileges, fingerprint = excluded.fingerprint,
        last_synced_at = excluded.last_synced_at, deleted_at = null`);
  }
  const incoming = new Set(snapshot.map((a) => a.name));
  const gone = stored.filter((r) => !r.deletedAt && !incoming.has(r.name)).map((r) => r.name);
  if (gone.length) {
    await tx
      .update(upstreamAccounts)
      .set({ deletedAt: now })
      .where(and(eq(upstreamAccounts.instanceId, instanceId), isNull(upstreamAccounts.deletedAt), sql`${upstreamAccounts.name} in (select json_array_elements_text(${JSON.stringify(gone)}::json))`));
  }
  return { synced: snapshot.length, created, updated, deleted: gone.length };
}
