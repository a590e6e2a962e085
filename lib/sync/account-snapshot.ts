import { createHash } from "node:crypto";
import { and, eq, isNull, notInArray, sql } from "drizzle-orm";
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
 * Makes our copy of an instance's accounts equal to the snapshot: one upsert for all rows,
 * counting new, changed and vanished accounts. Idempotent: the same snapshot twice changes nothing.
 */
export async function applyAccountSnapshot(tx: Executor, instanceId: string, snapshot: UpstreamAccountSnapshot[]): Promise<SyncCounts> {
  const now = new Date();
  let created = 0;
  let updated = 0;
  if (snapshot.length > 0) {
    const rows = snapshot.map((a) => ({
      instanceId,
      name: a.name,
      canLogin: a.canLogin,
      superuser: a.superuser,
      createDb: a.createDb,
      createRole: a.createRole,
      replication: a.replication,
      connectionLimit: a.connectionLimit,
      validUntil: a.validUntil ? new Date(a.validUntil) : null,
      memberOf: a.memberOf,
      privileges: a.privileges ?? null,
      fingerprint: fingerprint(a),
      lastSyncedAt: now,
      deletedAt: null,
    }));
    // xmax = 0 marks a freshly inserted row; the old fingerprint tells an update from a no-op.
    const result = await tx.execute<{ inserted: boolean; changed: boolean }>(sql`
      with incoming as (
        select * from json_populate_recordset(null::upstream_accounts, ${JSON.stringify(
          rows.map((r) => ({
            instance_id: r.instanceId,
            name: r.name,
            can_login: r.canLogin,
            superuser: r.superuser,
            create_db: r.createDb,
            create_role: r.createRole,
            replication: r.replication,
            connection_limit: r.connectionLimit,
            valid_until: r.validUntil,
            member_of: r.memberOf,
            privileges: r.privileges,
            fingerprint: r.fingerprint,
          })),
        )}::json)
      ),
      previous as (
        select name, fingerprint, deleted_at from upstream_accounts
        where instance_id = ${instanceId} and name in (select name from incoming)
      ),
      upserted as (
        insert into upstream_accounts as ua (instance_id, name, can_login, superuser, create_db, create_role, replication,
                                             connection_limit, valid_until, member_of, privileges, fingerprint, last_synced_at, deleted_at)
        select instance_id, name, can_login, superuser, create_db, create_role, replication,
               connection_limit, valid_until, member_of, privileges, fingerprint, ${now.toISOString()}::timestamptz, null from incoming
        on conflict (instance_id, name) do update set
          can_login = excluded.can_login, superuser = excluded.superuser, create_db = excluded.create_db,
          create_role = excluded.create_role, replication = excluded.replication,
          connection_limit = excluded.connection_limit, valid_until = excluded.valid_until,
          member_of = excluded.member_of, privileges = excluded.privileges, fingerprint = excluded.fingerprint,
          last_synced_at = excluded.last_synced_at, deleted_at = null
        returning ua.name
      )
      select (p.name is null or p.deleted_at is not null) as inserted,
             (p.name is not null and p.deleted_at is null and p.fingerprint <> i.fingerprint) as changed
      from upserted u join incoming i on i.name = u.name left join previous p on p.name = u.name`);
    for (const r of result) {
      if (r.inserted) created++;
      else if (r.changed) updated++;
    }
  }
  const names = snapshot.map((a) => a.name);
  const gone = await tx
    .update(upstreamAccounts)
    .set({ deletedAt: now })
    .where(
      and(
        eq(upstreamAccounts.instanceId, instanceId),
        isNull(upstreamAccounts.deletedAt),
        names.length ? notInArray(upstreamAccounts.name, names) : undefined,
      ),
    )
    .returning({ name: upstreamAccounts.name });
  return { synced: snapshot.length, created, updated, deleted: gone.length };
}
