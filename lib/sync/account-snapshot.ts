import * as nodeCrypto from "node:crypto";
import type { Writable } from "node:stream";
import { and, eq, isNull, sql, type TablesRelationalConfig } from "drizzle-orm";
import type { PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { isTransaction, type Executor } from "@/db/client";
import { upstreamAccounts } from "@/db/schema";
import { type ChangeRow, diffAttributes, notableAttributes, writeChanges } from "./changes";
import type { UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { pgErrorCode } from "@/lib/errors";

/** sha1 in hex: crypto.hash where Node has it (20.12+, one call), createHash otherwise; the same digest. */
// Looked up on the namespace: a named import of `hash` fails to link on a Node without it.
const oneShotHash = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
const sha1: (text: string) => string =
  typeof oneShotHash === "function"
    ? (text) => oneShotHash("sha1", text, "hex")
    : (text) => nodeCrypto.createHash("sha1").update(text).digest("hex");

export type SyncCounts = { synced: number; created: number; updated: number; deleted: number };

/**
 * JSON with object keys sorted at every level, so the same data always hashes the same. Written out
 * by hand (the same text JSON.stringify with a key-sorting replacer gives, several times faster):
 * it runs once per account on every sync.
 */
function canonicalJson(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function")
    value = (value as { toJSON: () => unknown }).toJSON();
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
const ATTRS = [
  "canLogin",
  "connectionLimit",
  "createDb",
  "createRole",
  "memberOf",
  "privileges",
  "replication",
  "superuser",
  "validUntil",
] as const;
const FLAGS = ["canLogin", "createDb", "createRole", "replication", "superuser"] as const;

/** Caches for one sync, keyed by the plain JSON (or text) of values that repeat across accounts. */
type Caches = {
  /** privileges: its canonicalJson and its COPY field. */
  privileges: Map<string, { canonical: string; field: string }>;
  /** memberOf: its COPY field (a quoted text[] literal). */
  memberOf: Map<string, string>;
  /** validUntil: its COPY field (ISO timestamp or \N). */
  validUntil: Map<string, string>;
};

const newCaches = (): Caches => ({ privileges: new Map(), memberOf: new Map(), validUntil: new Map() });

/** An account ready to store: its fingerprint and its COPY text from name to fingerprint (no newline). */
type Encoded = { a: UpstreamAccountSnapshot; fp: string; copy: string };

const bool = (b: boolean) => (b ? "t" : "f");

/**
 * Fingerprint (sha1 of the name and the canonicalJson of the attributes, privileges always present)
 * and COPY text of one account. The usual shape is written out directly, with each distinct
 * privileges, memberOf and validUntil value worked out once per sync (`c`); anything unusual (extra
 * keys, a missing flag) takes the general path. Same text either way.
 */
function encode(a: UpstreamAccountSnapshot, c: Caches): Encoded {
  const usual =
    Object.keys(a).every((k) => k === "name" || (ATTRS as readonly string[]).includes(k)) &&
    FLAGS.every((f) => typeof a[f] === "boolean") &&
    typeof a.connectionLimit === "number" &&
    (a.validUntil === null || typeof a.validUntil === "string") &&
    Array.isArray(a.memberOf) &&
    a.memberOf.every((m) => typeof m === "string");
  const privileges = a.privileges ?? null;
  let attributes: string;
  let validField: string;
  let memberField: string;
  let privField: string;
  if (!usual) {
    const attrs: Record<string, unknown> = { ...a, privileges };
    delete attrs.name;
    attributes = canonicalJson(attrs)!;
    validField = copyField(isoOrNull(a.validUntil));
    memberField = copyField(textArrayLiteral(a.memberOf));
    privField = copyField(privileges === null ? null : JSON.stringify(privileges));
  } else {
    const plain = JSON.stringify(privileges);
    let priv = c.privileges.get(plain);
    if (priv === undefined)
      c.privileges.set(plain, (priv = { canonical: canonicalJson(privileges)!, field: copyField(privileges === null ? null : plain) }));
    const members = JSON.stringify(a.memberOf);
    let m = c.memberOf.get(members);
    if (m === undefined) c.memberOf.set(members, (m = copyField(textArrayLiteral(a.memberOf))));
    if (a.validUntil === null) validField = "\\N";
    else {
      let v = c.validUntil.get(a.validUntil);
      if (v === undefined) c.validUntil.set(a.validUntil, (v = copyField(isoOrNull(a.validUntil))));
      validField = v;
    }
    memberField = m;
    privField = priv.field;
    attributes =
      `{"canLogin":${a.canLogin},"connectionLimit":${JSON.stringify(a.connectionLimit)},"createDb":${a.createDb},"createRole":${a.createRole},` +
      `"memberOf":${members},"privileges":${priv.canonical},"replication":${a.replication},"superuser":${a.superuser},"validUntil":${JSON.stringify(a.validUntil)}}`;
  }
  // Hash of everything synced about an account, privileges included: any grant change is an update.
  // One hash of name + attributes is the same digest as hashing the two one after the other.
  const fp = sha1(a.name + attributes);
  const copy =
    `${copyField(a.name)}\t${bool(a.canLogin)}\t${bool(a.superuser)}\t${bool(a.createDb)}\t${bool(a.createRole)}\t${bool(a.replication)}\t` +
    `${a.connectionLimit}\t${validField}\t${memberField}\t${privField}\t${fp}`;
  return { a, fp, copy };
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A field of COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(value: string | null): string {
  if (value === null) return "\\N";
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** A text[] literal with every element quoted, so commas, braces, quotes and spaces survive. */
function textArrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  // VALID UNTIL 'infinity' is kept as such: it is not the same as never set.
  if (value === "infinity") return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

type Tx = PgTransaction<PgQueryResultHKT, Record<string, unknown>, TablesRelationalConfig>;

/**
 * Makes our copy of an instance's accounts equal to the snapshot: the stored fingerprints are read
 * once; accounts we have never stored go straight into the table with one COPY (callers hold the
 * instance's sync lock, so nothing else inserts them meanwhile), the rest with one upsert (a large
 * set streamed with COPY into a temporary table first, a small one as one JSON parameter); vanished
 * accounts are marked deleted with one update. So the cost stays linear whatever the planner guesses
 * about the incoming rows, and a first sync costs about what a plain COPY of the rows does.
 * Counts new, changed and vanished accounts. Idempotent: the same snapshot twice changes nothing.
 */
export async function applyAccountSnapshot(
  db: Executor,
  instanceId: string,
  snapshot: UpstreamAccountSnapshot[],
  opts: { recordId?: string } = {},
): Promise<SyncCounts> {
  // COPY and the temporary table need one connection: outside a transaction, open one.
  if (!isTransaction(db)) return db.transaction((tx) => applyAccountSnapshot(tx, instanceId, snapshot, opts));
  const tx = db;
  const now = new Date();
  const stored = await tx
    .select({ name: upstreamAccounts.name, fingerprint: upstreamAccounts.fingerprint, deletedAt: upstreamAccounts.deletedAt })
    .from(upstreamAccounts)
    .where(eq(upstreamAccounts.instanceId, instanceId));
  const previous = new Map(stored.map((r) => [r.name, r]));
  let created = 0;
  let updated = 0;
  const caches = newCaches();
  // With a record to write changes for, every account is encoded first: the changed ones (a differing
  // fingerprint) need their stored attributes read before the upsert overwrites them.
  const preEncoded = opts.recordId ? new Map(snapshot.map((a) => [a, encode(a, caches)])) : null;
  const counted = (a: UpstreamAccountSnapshot): Encoded => {
    const e = preEncoded?.get(a) ?? encode(a, caches);
    const p = previous.get(a.name);
    if (!p || p.deletedAt) created++;
    else if (p.fingerprint !== e.fp) updated++;
    return e;
  };
  const incomingNames = new Set(snapshot.map((a) => a.name));
  const gone = stored.filter((r) => !r.deletedAt && !incomingNames.has(r.name)).map((r) => r.name);
  const changeRows = preEncoded ? await accountChanges(tx, instanceId, previous, preEncoded, gone) : [];
  if (snapshot.length > 0) {
    // Accounts with no row yet (not even a deleted one) need no conflict handling: COPY them in.
    let fresh = snapshot.length >= COPY_FROM ? snapshot.filter((a) => !previous.has(a.name)) : [];
    if (fresh.length < COPY_FROM) fresh = [];
    let rest = fresh.length ? snapshot.filter((a) => previous.has(a.name)) : snapshot;
    if (fresh.length) {
      try {
        // In a savepoint: should another writer have inserted one of them after all, they are upserted with the rest.
        await tx.transaction((sp) => insertByCopy(sp, instanceId, now, fresh, counted));
      } catch (err) {
        if (pgErrorCode(err) !== "23505") throw err;
        created = 0;
        updated = 0;
        rest = snapshot;
      }
    }
    if (rest.length >= COPY_FROM) await upsertByCopy(tx, instanceId, now, rest, counted);
    else if (rest.length) await upsertByJson(tx, instanceId, now, rest.map(counted));
  }
  if (gone.length) {
    await tx
      .update(upstreamAccounts)
      .set({ deletedAt: now, changedAt: now })
      .where(
        and(
          eq(upstreamAccounts.instanceId, instanceId),
          isNull(upstreamAccounts.deletedAt),
          sql`${upstreamAccounts.name} in (select json_array_elements_text(${JSON.stringify(gone)}::json))`,
        ),
      );
  }
  if (changeRows.length && opts.recordId) await writeChanges(tx, opts.recordId, "account", changeRows);
  return { synced: snapshot.length, created, updated, deleted: gone.length };
}

/** Rows per COPY chunk: the next chunk is built while the server still works through the last one. */
const CHUNK = 1000;

/**
 * Runs `statement` (a COPY FROM STDIN) on the transaction's own connection and streams `line(item)`
 * of every item, built chunk by chunk as the connection takes them.
 */
async function copyIn<T>(tx: Tx, statement: string, items: T[], line: (item: T) => string) {
  const client = (tx as unknown as { session: { client: postgres.Sql } }).session.client;
  const w: Writable = await client.unsafe(statement).writable();
  // A COPY failing after its last row (a foreign key checked at the statement's end) ends in 'error'
  // here thanks to the copy-final guard in patches/postgres+3.4.9.patch; unpatched it never finishes.
  const done = new Promise<void>((resolve, reject) => w.on("finish", () => resolve()).on("error", reject));
  done.catch(() => {}); // awaited below; a failure also ends the waits for drain
  let drained: Promise<unknown> | null = null;
  try {
    for (let i = 0; i < items.length; i += CHUNK) {
      let chunk = "";
      for (let j = i; j < Math.min(i + CHUNK, items.length); j++) chunk += line(items[j]!);
      if (drained) await drained;
      drained = w.write(chunk) ? null : Promise.race([new Promise((r) => w.once("drain", r)), done]);
    }
    if (drained) await drained;
  } catch (err) {
    // Ends the COPY (CopyFail) so the connection is usable again and the transaction rolls back.
    drained?.catch(() => {});
    w.destroy(err as Error);
    await done.catch(() => {});
    throw err;
  }
  w.end();
  await done;
}

/** From this many accounts on, the snapshot is streamed with COPY; below, one JSON parameter costs less than the temporary table. */
const COPY_FROM = 500;

/** Accounts with no row yet: one COPY straight into upstream_accounts. */
async function insertByCopy(
  tx: Tx,
  instanceId: string,
  now: Date,
  accounts: UpstreamAccountSnapshot[],
  encoded: (a: UpstreamAccountSnapshot) => Encoded,
) {
  const head = `${copyField(instanceId)}\t`;
  const tail = `\t${now.toISOString()}\n`;
  await copyIn(
    tx,
    `copy upstream_accounts (instance_id, name, can_login, superuser, create_db, create_role, replication, connection_limit, valid_until, member_of, privileges, fingerprint, last_synced_at) from stdin`,
    accounts,
    (a) => head + encoded(a).copy + tail,
  );
}

const UPSERT_SET = sql`
      on conflict (instance_id, name) do update set
        can_login = excluded.can_login, superuser = excluded.superuser, create_db = excluded.create_db,
        create_role = excluded.create_role, replication = excluded.replication,
        connection_limit = excluded.connection_limit, valid_until = excluded.valid_until,
        member_of = excluded.member_of, privileges = excluded.privileges, fingerprint = excluded.fingerprint,
        changed_at = case when ua.deleted_at is not null or ua.fingerprint <> excluded.fingerprint
                          then excluded.last_synced_at else ua.changed_at end,
        last_synced_at = excluded.last_synced_at, deleted_at = null`;

async function upsertByJson(tx: Executor, instanceId: string, now: Date, rows: Encoded[]) {
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

async function upsertByCopy(
  tx: Tx,
  instanceId: string,
  now: Date,
  accounts: UpstreamAccountSnapshot[],
  encoded: (a: UpstreamAccountSnapshot) => Encoded,
) {
  await tx.execute(sql`drop table if exists pg_temp.account_snapshot_in`);
  await tx.execute(sql`
      create temp table account_snapshot_in (name text not null, can_login boolean not null, superuser boolean not null, create_db boolean not null,
        create_role boolean not null, replication boolean not null, connection_limit integer not null, valid_until timestamptz,
        member_of text[] not null, privileges jsonb, fingerprint text not null) on commit drop`);
  await copyIn(tx, "copy account_snapshot_in from stdin", accounts, (a) => `${encoded(a).copy}\n`);
  await tx.execute(sql`
      insert into upstream_accounts as ua (instance_id, name, can_login, superuser, create_db, create_role, replication,
                                           connection_limit, valid_until, member_of, privileges, fingerprint, last_synced_at, deleted_at)
      select ${instanceId}::uuid, name, can_login, superuser, create_db, create_role, replication,
             connection_limit, valid_until, member_of, privileges, fingerprint, ${now.toISOString()}::timestamptz, null
      from account_snapshot_in
      ${UPSERT_SET}`);
}

/** The stored attributes of the accounts that changed or vanished, as a snapshot would carry them. */
async function accountChanges(
  tx: Tx,
  instanceId: string,
  previous: Map<string, { fingerprint: string; deletedAt: Date | null }>,
  encoded: Map<UpstreamAccountSnapshot, Encoded>,
  gone: string[],
): Promise<ChangeRow[]> {
  const rows: ChangeRow[] = [];
  const changed: Encoded[] = [];
  for (const e of encoded.values()) {
    const p = previous.get(e.a.name);
    if (!p || p.deletedAt) rows.push({ key: e.a.name, change: "created", changes: notableAttributes(accountAttributes(e.a), "after") });
    else if (p.fingerprint !== e.fp) changed.push(e);
  }
  const names = [...changed.map((e) => e.a.name), ...gone];
  if (!names.length) return rows;
  const before = (await tx.execute(sql`
    select name, can_login, superuser, create_db, create_role, replication, connection_limit,
           ${VALID_UNTIL_TEXT} as valid_until, member_of, privileges
    from upstream_accounts
    where instance_id = ${instanceId} and name in (select json_array_elements_text(${JSON.stringify(names)}::json))`)) as unknown as StoredAccountRow[];
  const byName = new Map([...before].map((r) => [r.name, storedAccountAttributes(r)]));
  for (const e of changed) {
    const old = byName.get(e.a.name);
    const diff = old ? diffAttributes(old, accountAttributes(e.a)) : null;
    // A fingerprint can move with no attribute we compare moving (e.g. key order of an odd snapshot): no change row.
    if (diff) rows.push({ key: e.a.name, change: "updated", changes: diff });
  }
  for (const name of gone) {
    const old = byName.get(name);
    rows.push({ key: name, change: "deleted", changes: old ? notableAttributes(old, "before") : null });
  }
  return rows;
}

/** valid_until as text: an ISO timestamp, 'infinity', or null. */
export const VALID_UNTIL_TEXT = sql.raw(
  `case when valid_until is null then null when valid_until = 'infinity' then 'infinity' else to_char(valid_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end`,
);

export type StoredAccountRow = {
  name: string;
  can_login: boolean;
  superuser: boolean;
  create_db: boolean;
  create_role: boolean;
  replication: boolean;
  connection_limit: number;
  valid_until: string | null;
  member_of: string[];
  privileges: Record<string, unknown> | null;
};

/**
 * An account's attributes flattened for comparison and display: the common ones, then each key of
 * `privileges` on its own (so a change shows as `bypassRls: false → true`, not the whole object).
 */
export function accountAttributes(a: UpstreamAccountSnapshot): Record<string, unknown> {
  return {
    canLogin: a.canLogin,
    superuser: a.superuser,
    createDb: a.createDb,
    createRole: a.createRole,
    replication: a.replication,
    connectionLimit: a.connectionLimit,
    validUntil: isoOrNull(a.validUntil),
    memberOf: a.memberOf,
    ...(a.privileges ?? {}),
  };
}

export function storedAccountAttributes(r: StoredAccountRow): Record<string, unknown> {
  return accountAttributes({
    name: r.name,
    canLogin: r.can_login,
    superuser: r.superuser,
    createDb: r.create_db,
    createRole: r.create_role,
    replication: r.replication,
    connectionLimit: r.connection_limit,
    validUntil: r.valid_until,
    memberOf: r.member_of,
    privileges: r.privileges ?? undefined,
  });
}
