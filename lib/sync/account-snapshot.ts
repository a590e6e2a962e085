import { createHash } from "node:crypto";
import type { Writable } from "node:stream";
import { and, eq, isNull, sql, type TablesRelationalConfig } from "drizzle-orm";
import { PgTransaction, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Executor } from "@/db/client";
import { upstreamAccounts } from "@/db/schema";
import type { UpstreamAccountSnapshot } from "@/lib/connectors/types";

export type SyncCounts = { synced: number; created: number; updated: number; deleted: number };

/**
 * JSON with object keys sorted at every level, so the same data always hashes the same. Written out
 * by hand (the same text JSON.stringify with a key-sorting replacer gives, several times faster):
 * it runs once per account on every sync.
 */
function canonicalJson(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") value = (value as { toJSON: () => unknown }).toJSON();
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v) ?? "null").join(",")}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
    const v = canonicalJson((value as Record<string, unknown>)[key]);
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${parts.join(",")}}`;
}

/** The attributes of a snapshot in canonicalJson's (sorted) order. */
const ATTRS = ["canLogin", "connectionLimit", "createDb", "createRole", "memberOf", "privileges", "replication", "superuser", "validUntil"] as const;
const FLAGS = ["canLogin", "createDb", "createRole", "replication", "superuser"] as const;

/**
 * canonicalJson of an account's attributes (privileges always present), built directly for the
 * usual shape, with each distinct privileges object canonicalised once per sync (`cache`, keyed by
 * its plain JSON); anything unusual (extra keys, a missing flag) takes the general path. Same text either way.
 */
function attributesJson(a: UpstreamAccountSnapshot, cache: Map<string, string>): string {
  const usual =
    Object.keys(a).every((k) => k === "name" || (ATTRS as readonly string[]).includes(k)) &&
    FLAGS.every((f) => typeof a[f] === "boolean") &&
    typeof a.connectionLimit === "number" &&
    (a.validUntil === null || typeof a.validUntil === "string") &&
    Array.isArray(a.memberOf) &&
    a.memberOf.every((m) => typeof m === "string");
  const privileges = a.privileges ?? null;
  if (!usual) {
    const attrs: Record<string, unknown> = { ...a, privileges };
    delete attrs.name;
    return canonicalJson(attrs)!;
  }
  const plain = JSON.stringify(privileges);
  let priv = cache.get(plain);
  if (priv === undefined) cache.set(plain, (priv = canonicalJson(privileges)!));
  return (
    `{"canLogin":${a.canLogin},"connectionLimit":${JSON.stringify(a.connectionLimit)},"createDb":${a.createDb},"createRole":${a.createRole},` +
    `"memberOf":${JSON.stringify(a.memberOf)},"privileges":${priv},"replication":${a.replication},"superuser":${a.superuser},"validUntil":${JSON.stringify(a.validUntil)}}`
  );
}

/** Hash of everything synced about an account, privileges included: any grant change is an update. */
function fingerprint(a: UpstreamAccountSnapshot, cache = new Map<string, string>()): string {
  return createHash("sha1").update(a.name).update(attributesJson(a, cache)).digest("hex");
}

/** A field of COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(value: string | null): string {
  return value === null ? "\\N" : value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** A text[] literal with every element quoted, so commas, braces, quotes and spaces survive. */
function textArrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Makes our copy of an instance's accounts equal to the snapshot: the stored fingerprints are read
 * once, the new state goes in with one upsert (a large snapshot streamed with COPY into a
 * temporary table first, a small one as one JSON parameter), and vanished accounts are marked deleted with one update, so the cost stays linear
 * whatever the planner guesses about the incoming rows (and close to a plain COPY's).
 * Counts new, changed and vanished accounts. Idempotent: the same snapshot twice changes nothing.
 * Callers hold the instance's sync lock, so nothing else writes these rows meanwhile.
 */
export async function applyAccountSnapshot(db: Executor, instanceId: string, snapshot: UpstreamAccountSnapshot[]): Promise<SyncCounts> {
  // COPY and the temporary table need one connection: outside a transaction, open one.
  if (!(db instanceof PgTransaction)) return db.transaction((tx) => applyAccountSnapshot(tx, instanceId, snapshot));
  const tx = db;
  const now = new Date();
  const stored = await tx
    .select({ name: upstreamAccounts.name, fingerprint: upstreamAccounts.fingerprint, deletedAt: upstreamAccounts.deletedAt })
    .from(upstreamAccounts)
    .where(eq(upstreamAccounts.instanceId, instanceId));
  const previous = new Map(stored.map((r) => [r.name, r]));
  let created = 0;
  let updated = 0;
  if (snapshot.length > 0) {
    const cache = new Map<string, string>();
    const rows = snapshot.map((a) => {
      const fp = fingerprint(a, cache);
      const p = previous.get(a.name);
      if (!p || p.deletedAt) created++;
      else if (p.fingerprint !== fp) updated++;
      return { a, fp };
    });
    if (rows.length >= COPY_FROM) await upsertByCopy(tx, instanceId, now, rows);
    else await upsertByJson(tx, instanceId, now, rows);
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

/** Streams COPY text lines into account_snapshot_in on the transaction's own connection. */
async function copyInto(tx: PgTransaction<PgQueryResultHKT, Record<string, unknown>, TablesRelationalConfig>, lines: string[]) {
  const client = (tx as unknown as { session: { client: postgres.Sql } }).session.client;
  const w: Writable = await client`copy account_snapshot_in from stdin`.writable();
  const done = new Promise<void>((resolve, reject) => w.on("finish", () => resolve()).on("error", reject));
  for (let i = 0; i < lines.length; i += 1000) {
    if (!w.write(lines.slice(i, i + 1000).join(""))) await new Promise((r) => w.once("drain", r));
  }
  w.end();
  await done;
}

/** From this many accounts on, the snapshot is streamed with COPY; below, one JSON parameter costs less than the temporary table. */
const COPY_FROM = 500;

type Incoming = { a: UpstreamAccountSnapshot; fp: string };

const UPSERT_SET = sql`
      on conflict (instance_id, name) do update set
        can_login = excluded.can_login, superuser = excluded.superuser, create_db = excluded.create_db,
        create_role = excluded.create_role, replication = excluded.replication,
        connection_limit = excluded.connection_limit, valid_until = excluded.valid_until,
        member_of = excluded.member_of, privileges = excluded.privileges, fingerprint = excluded.fingerprint,
        last_synced_at = excluded.last_synced_at, deleted_at = null`;

async function upsertByJson(tx: Executor, instanceId: string, now: Date, rows: Incoming[]) {
  const json = rows.map(({ a, fp }) => ({
    name: a.name,
    can_login: a.canLogin,
    superuser: a.superuser,
    create_db: a.createDb,
    create_role: a.createRole,
    replication: a.replication,
    connection_limit: a.connectionLimit,
    valid_until: isoOrNull(a.validUntil),
    member_of: a.memberOf,
    privileges: a.privileges ?? null,
    fingerprint: fp,
  }));
  await tx.execute(sql`
      insert into upstream_accounts as ua (instance_id, name, can_login, superuser, create_db, create_role, replication,
                                           connection_limit, valid_until, member_of, privileges, fingerprint, last_synced_at, deleted_at)
      select ${instanceId}::uuid, name, can_login, superuser, create_db, create_role, replication,
             connection_limit, valid_until, member_of, privileges, fingerprint, ${now.toISOString()}::timestamptz, null
      from json_populate_recordset(null::upstream_accounts, ${JSON.stringify(json)}::json)
      ${UPSERT_SET}`);
}

async function upsertByCopy(tx: PgTransaction<PgQueryResultHKT, Record<string, unknown>, TablesRelationalConfig>, instanceId: string, now: Date, rows: Incoming[]) {
  const bool = (b: boolean) => (b ? "t" : "f");
  const lines = rows.map(
    ({ a, fp }) =>
      `${copyField(a.name)}\t${bool(a.canLogin)}\t${bool(a.superuser)}\t${bool(a.createDb)}\t${bool(a.createRole)}\t${bool(a.replication)}\t${a.connectionLimit}\t${copyField(isoOrNull(a.validUntil))}\t${copyField(textArrayLiteral(a.memberOf))}\t${copyField(a.privileges == null ? null : JSON.stringify(a.privileges))}\t${fp}\n`,
  );
  await tx.execute(sql`drop table if exists pg_temp.account_snapshot_in`);
  await tx.execute(sql`
      create temp table account_snapshot_in (name text not null, can_login boolean not null, superuser boolean not null, create_db boolean not null,
        create_role boolean not null, replication boolean not null, connection_limit integer not null, valid_until timestamptz,
        member_of text[] not null, privileges jsonb, fingerprint text not null) on commit drop`);
  await copyInto(tx, lines);
  await tx.execute(sql`
      insert into upstream_accounts as ua (instance_id, name, can_login, superuser, create_db, create_role, replication,
                                           connection_limit, valid_until, member_of, privileges, fingerprint, last_synced_at, deleted_at)
      select ${instanceId}::uuid, name, can_login, superuser, create_db, create_role, replication,
             connection_limit, valid_until, member_of, privileges, fingerprint, ${now.toISOString()}::timestamptz, null
      from account_snapshot_in
      ${UPSERT_SET}`);
}
