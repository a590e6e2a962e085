import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { SYNCED_CHANGE_KINDS, SYNCED_ITEM_KINDS, type SyncedChangeKind, type SyncedItemKind } from "@/lib/domain/values";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

// Reads of what account, capacity and config syncs stored: the accounts, settings and size series of
// an instance, the fleet's accounts, and each run's item-by-item changes. Lists are keyset-paged by an
// opaque `cursor` (`nextCursor` of the previous page).

const limit = z.coerce.number().int().min(1).max(500).default(100);
const cursor = z.string().max(1000).optional();
const bool = (what: string) =>
  z
    .enum(["true", "false"], { message: `${what} must be true or false` })
    .transform((v) => v === "true")
    .optional();
const text = (max: number) => z.string().trim().min(1).max(max);
const since = z.iso.datetime({ offset: true, message: "Must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z" }).optional();
const uuid = z.string().refine(isUuid, "Must be a UUID");

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}
function decodeCursor(c: string | undefined, arity: number): string[] | null {
  if (c === undefined) return null;
  try {
    const v = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === "string")) return v;
  } catch {
    // fall through
  }
  throw new AppError("bad_request:cursor", "cursor is not a nextCursor this endpoint returned");
}

const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ---------------------------------------------------------------------------------------------
// Accounts

/** The attribute filters of the fleet's account list; each maps to a stored column or privileges key. */
const ATTRIBUTE_FILTERS = {
  superuser: sql.raw("a.superuser"),
  canLogin: sql.raw("a.can_login"),
  createRole: sql.raw("a.create_role"),
  createDb: sql.raw("a.create_db"),
  replication: sql.raw("a.replication"),
  bypassRls: sql.raw("coalesce((a.privileges->>'bypassRls')::boolean, false)"),
  locked: sql.raw("coalesce((a.privileges->>'locked')::boolean, false)"),
  expired: sql.raw(
    "(coalesce((a.privileges->>'passwordExpired')::boolean, false) or (a.valid_until is not null and a.valid_until < now()))",
  ),
} as const;

export const listInstanceAccountsQuery = z.object({ q: text(200).optional(), deleted: bool("deleted"), limit, cursor }).strict();

export const listAccountsQuery = z
  .object({
    q: text(200).optional(),
    instanceId: uuid.optional(),
    superuser: bool("superuser"),
    canLogin: bool("canLogin"),
    createRole: bool("createRole"),
    createDb: bool("createDb"),
    replication: bool("replication"),
    bypassRls: bool("bypassRls"),
    locked: bool("locked"),
    expired: bool("expired"),
    privilege: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z ]{0,40}$/, "privilege is a privilege name such as CREATE or SELECT")
      .transform((s) => s.toUpperCase())
      .optional(),
    on: text(200).optional(),
    changedSince: since,
    deleted: bool("deleted"),
    limit,
    cursor,
  })
  .strict()
  .refine((q) => !q.on || q.privilege, { message: "on needs privilege (e.g. privilege=CREATE&on=appdb)", path: ["on"] });

const ACCOUNT_COLUMNS = sql.raw(`a.id, a.instance_id, i.name as instance_name, i.kind as instance_kind, a.name, a.can_login, a.superuser,
  a.create_db, a.create_role, a.replication, a.connection_limit,
  case when a.valid_until is null then null when a.valid_until = 'infinity' then 'infinity'
       else to_char(a.valid_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end as valid_until,
  a.member_of, a.privileges, a.first_seen_at, a.changed_at, a.last_synced_at, a.deleted_at`);

type AccountRow = {
  id: string;
  instance_id: string;
  instance_name: string;
  instance_kind: string;
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
  first_seen_at: string | Date;
  changed_at: string | Date;
  last_synced_at: string | Date;
  deleted_at: string | Date | null;
};

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** An account as the API shows it: every stored attribute, the privileges keys spread out, and what it inherits. */
function toAccount(r: AccountRow) {
  const p = r.privileges ?? {};
  const isRole = r.instance_kind === "mysql" ? !r.name.includes("@") : !r.can_login;
  return {
    id: r.id,
    instanceId: r.instance_id,
    instanceName: r.instance_name,
    name: r.name,
    // PostgreSQL: a role that can log in is a user. MySQL/MariaDB: `user@host` is a user, a bare name a role.
    kind: isRole ? ("role" as const) : ("user" as const),
    canLogin: r.can_login,
    superuser: r.superuser,
    createDb: r.create_db,
    createRole: r.create_role,
    replication: r.replication,
    bypassRls: p.bypassRls === true,
    inherit: p.inherit === undefined ? null : p.inherit === true,
    locked: p.locked === true,
    expired: p.passwordExpired === true || (r.valid_until !== null && r.valid_until !== "infinity" && new Date(r.valid_until) < new Date()),
    connectionLimit: r.connection_limit,
    validUntil: r.valid_until,
    memberOf: r.member_of,
    adminOf: Array.isArray(p.adminOf) ? (p.adminOf as string[]) : [],
    privileges: p,
    firstSeenAt: iso(r.first_seen_at)!,
    lastChangedAt: iso(r.changed_at)!,
    lastSyncedAt: iso(r.last_synced_at)!,
    deletedAt: iso(r.deleted_at),
  };
}
export type AccountView = ReturnType<typeof toAccount>;

/** What an account holds through its roles (transitively), derived when read, never stored. */
export type InheritedPrivileges = {
  /** Every role it is a member of, directly or through another role. */
  roles: string[];
  superuser: boolean;
  /** Global (MySQL `ON *.*`) privileges of those roles. */
  global: string[];
  /** Per database (PostgreSQL) and per schema, the privileges of those roles. */
  databases: Record<string, string[]>;
  schemas: Record<string, string[]>;
};

function mergeGrants(into: Record<string, Set<string>>, grants: unknown) {
  if (!grants || typeof grants !== "object") return;
  for (const [on, privs] of Object.entries(grants as Record<string, unknown>)) {
    if (!Array.isArray(privs)) continue;
    const set = (into[on] ??= new Set<string>());
    for (const p of privs) if (typeof p === "string") set.add(p);
  }
}
const sortedGrants = (g: Record<string, Set<string>>) =>
  Object.fromEntries(
    Object.entries(g)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([k, v]) => [k, [...v].sort()]),
  );

/**
 * Adds `inherited` to each account: the privileges of every role it belongs to, followed through
 * roles of roles within the same instance, in one query for the whole page. A PostgreSQL role with
 * NOINHERIT only lists its roles (it must SET ROLE to use them).
 */
async function withInherited<A extends AccountView>(db: Executor, accounts: A[]): Promise<(A & { inherited: InheritedPrivileges })[]> {
  const members = accounts.filter((a) => a.memberOf.length > 0);
  const byAccount = new Map<string, { roles: Set<string>; rows: { superuser: boolean; privileges: Record<string, unknown> | null }[] }>();
  if (members.length) {
    const rows = await db.execute<{ account_id: string; name: string; superuser: boolean; privileges: Record<string, unknown> | null }>(sql`
      with recursive closure(account_id, instance_id, role) as (
        select a.id, a.instance_id, m.role
        from upstream_accounts a cross join lateral unnest(a.member_of) as m(role)
        where a.id in (select json_array_elements_text(${JSON.stringify(members.map((a) => a.id))}::json)::uuid)
        union
        select c.account_id, c.instance_id, m.role
        from closure c
        join upstream_accounts r on r.instance_id = c.instance_id and r.name = c.role and r.deleted_at is null
        cross join lateral unnest(r.member_of) as m(role)
      )
      select c.account_id, c.role as name, coalesce(r.superuser, false) as superuser, r.privileges
      from closure c
      left join upstream_accounts r on r.instance_id = c.instance_id and r.name = c.role and r.deleted_at is null`);
    for (const r of rows) {
      const entry = byAccount.get(r.account_id) ?? { roles: new Set<string>(), rows: [] };
      entry.roles.add(r.name);
      entry.rows.push({ superuser: r.superuser, privileges: r.privileges });
      byAccount.set(r.account_id, entry);
    }
  }
  return accounts.map((a) => {
    const entry = byAccount.get(a.id);
    const uses = a.inherit !== false;
    const global = new Set<string>();
    const databases: Record<string, Set<string>> = {};
    const schemas: Record<string, Set<string>> = {};
    let superuser = false;
    for (const r of uses ? (entry?.rows ?? []) : []) {
      superuser ||= r.superuser;
      const p = r.privileges ?? {};
      if (Array.isArray(p.global)) for (const g of p.global) if (typeof g === "string") global.add(g);
      mergeGrants(databases, p.databases);
      mergeGrants(schemas, p.schemas);
    }
    return {
      ...a,
      inherited: {
        roles: [...(entry?.roles ?? [])].sort(),
        superuser,
        global: [...global].sort(),
        databases: sortedGrants(databases),
        schemas: sortedGrants(schemas),
      },
    };
  });
}

async function instanceExists(db: Executor, id: string) {
  if (!isUuid(id)) return false;
  const [row] = await db.execute<{ one: number }>(sql`select 1 as one from instances where id = ${id} and deleted_at is null`);
  return !!row;
}

/** An instance's accounts by name; deleted ones only with `deleted=true` (then only those). */
export async function listInstanceAccounts(db: Executor, instanceId: string, query: unknown) {
  const q = listInstanceAccountsQuery.parse(query);
  if (!(await instanceExists(db, instanceId))) throw new AppError("not_found:instance", "No instance with that id");
  const after = decodeCursor(q.cursor, 1);
  const where: SQL[] = [sql`a.instance_id = ${instanceId}`, q.deleted ? sql`a.deleted_at is not null` : sql`a.deleted_at is null`];
  if (q.q) where.push(sql`a.name ilike ${likeTerm(q.q)}`);
  if (after) where.push(sql`a.name > ${after[0]}`);
  const rows = await db.execute<AccountRow>(sql`
    select ${ACCOUNT_COLUMNS} from upstream_accounts a join instances i on i.id = a.instance_id
    where ${sql.join(where, sql` and `)} order by a.name limit ${q.limit}`);
  const items = await withInherited(db, [...rows].map(toAccount));
  return { items, nextCursor: items.length === q.limit ? encodeCursor([items.at(-1)!.name]) : null };
}

/** Accounts across instances, by name then id, with attribute, privilege and change filters. */
export async function listAccounts(db: Executor, query: unknown) {
  const q = listAccountsQuery.parse(query);
  const after = decodeCursor(q.cursor, 2);
  const where: SQL[] = [q.deleted ? sql`a.deleted_at is not null` : sql`a.deleted_at is null`];
  if (q.q) where.push(sql`a.name ilike ${likeTerm(q.q)}`);
  if (q.instanceId) where.push(sql`a.instance_id = ${q.instanceId}`);
  for (const [key, expr] of Object.entries(ATTRIBUTE_FILTERS)) {
    const v = q[key as keyof typeof ATTRIBUTE_FILTERS];
    if (v !== undefined) where.push(v ? expr : sql`not ${expr}`);
  }
  if (q.privilege) {
    // Granted on the named database or schema, or globally (MySQL `ON *.*`) when no `on` is given.
    const priv = JSON.stringify([q.privilege]);
    where.push(
      q.on
        ? sql`(a.privileges->'databases'->${q.on} @> ${priv}::jsonb or a.privileges->'schemas'->${q.on} @> ${priv}::jsonb)`
        : sql`(a.privileges->'global' @> ${priv}::jsonb or exists (select 1 from jsonb_each(coalesce(a.privileges->'databases', '{}') || coalesce(a.privileges->'schemas', '{}')) e where e.value @> ${priv}::jsonb))`,
    );
  }
  if (q.changedSince) where.push(sql`a.changed_at >= ${q.changedSince}::timestamptz`);
  if (after) {
    if (!isUuid(after[1]!)) throw new AppError("bad_request:cursor", "cursor is not a nextCursor this endpoint returned");
    where.push(sql`(a.name, a.id) > (${after[0]}, ${after[1]}::uuid)`);
  }
  const rows = await db.execute<AccountRow>(sql`
    select ${ACCOUNT_COLUMNS} from upstream_accounts a join instances i on i.id = a.instance_id
    where ${sql.join(where, sql` and `)} order by a.name, a.id limit ${q.limit}`);
  const items = await withInherited(db, [...rows].map(toAccount));
  const last = items.at(-1);
  return { items, nextCursor: last && items.length === q.limit ? encodeCursor([last.name, last.id]) : null };
}

/** One account and its timeline: every change a run recorded for it, newest first. */
export async function getAccount(db: Executor, id: string) {
  if (!isUuid(id)) throw new AppError("not_found:account", "No account with that id");
  const [row] = await db.execute<AccountRow>(sql`
    select ${ACCOUNT_COLUMNS} from upstream_accounts a join instances i on i.id = a.instance_id where a.id = ${id}`);
  if (!row) throw new AppError("not_found:account", "No account with that id");
  const [account] = await withInherited(db, [toAccount(row)]);
  if (!account) throw new AppError("not_found:account", "No account with that id");
  // The instance's records, each probing the change key (run, record, 'account', name) once.
  const timeline = await db.execute<ChangeRowDb>(sql`
    select c.sync_session_id, c.instance_record_id, r.instance_id, coalesce(r.instance_name, i.name) as instance_name,
           c.item_kind, c.item_key, c.change, c.changes, coalesce(r.completed_at, r.started_at, s.started_at) as at
    from instance_records r
    join sync_sessions s on s.id = r.sync_session_id
    join instances i on i.id = r.instance_id
    join synced_changes c on c.sync_session_id = r.sync_session_id and c.instance_record_id = r.id
                         and c.item_kind = 'account' and c.item_key = ${account.name}
    where r.instance_id = ${account.instanceId} and s.sync_category = 'account'
    order by at desc, r.id desc
    limit 500`);
  return { ...account, timeline: [...timeline].map(toChange) };
}

// ---------------------------------------------------------------------------------------------
// Capacity and settings

export const capacityQuery = z
  .object({ from: since, to: since })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

/**
 * The size series of each database (or MySQL schema) of an instance between `from` and `to` (default:
 * the last 30 days), with the growth per day between the first and the last sample of the window.
 */
export async function instanceCapacity(db: Executor, instanceId: string, query: unknown) {
  const q = capacityQuery.parse(query);
  if (!(await instanceExists(db, instanceId))) throw new AppError("not_found:instance", "No instance with that id");
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
  const rows = await db.execute<{ database_name: string; bytes: string; sampled_at: string | Date }>(sql`
    select database_name, bytes::text, sampled_at from capacity_samples
    where instance_id = ${instanceId} and sampled_at >= ${from.toISOString()}::timestamptz and sampled_at <= ${to.toISOString()}::timestamptz
    order by database_name, sampled_at
    limit 100000`);
  const byDb = new Map<string, { at: string; bytes: number }[]>();
  for (const r of rows) {
    const list = byDb.get(r.database_name) ?? [];
    list.push({ at: new Date(r.sampled_at).toISOString(), bytes: Number(r.bytes) });
    byDb.set(r.database_name, list);
  }
  const databases = [...byDb].map(([name, points]) => {
    const first = points[0]!;
    const last = points.at(-1)!;
    const days = (Date.parse(last.at) - Date.parse(first.at)) / 86_400_000;
    return {
      databaseName: name,
      latestBytes: last.bytes,
      // Only with samples at least an hour apart: two samples minutes apart say nothing per day.
      growthBytesPerDay: days >= 1 / 24 ? Math.round((last.bytes - first.bytes) / days) : null,
      points,
    };
  });
  return { from: from.toISOString(), to: to.toISOString(), databases };
}

export const listSettingsQuery = z.object({ q: text(200).optional(), changedSince: since, limit, cursor }).strict();

/** An instance's current settings by name (deleted ones left out). */
export async function listInstanceSettings(db: Executor, instanceId: string, query: unknown) {
  const q = listSettingsQuery.parse(query);
  if (!(await instanceExists(db, instanceId))) throw new AppError("not_found:instance", "No instance with that id");
  const after = decodeCursor(q.cursor, 1);
  const where: SQL[] = [sql`instance_id = ${instanceId}`, sql`deleted_at is null`];
  if (q.q) where.push(sql`name ilike ${likeTerm(q.q)}`);
  if (q.changedSince) where.push(sql`changed_at >= ${q.changedSince}::timestamptz`);
  if (after) where.push(sql`name > ${after[0]}`);
  const rows = await db.execute<{
    name: string;
    value: string | null;
    unit: string | null;
    source: string | null;
    first_seen_at: string | Date;
    changed_at: string | Date;
    last_synced_at: string | Date;
  }>(sql`
    select name, value, unit, source, first_seen_at, changed_at, last_synced_at from upstream_settings
    where ${sql.join(where, sql` and `)} order by name limit ${q.limit}`);
  const items = [...rows].map((r) => ({
    name: r.name,
    value: r.value,
    unit: r.unit,
    source: r.source,
    firstSeenAt: iso(r.first_seen_at)!,
    lastChangedAt: iso(r.changed_at)!,
    lastSyncedAt: iso(r.last_synced_at)!,
  }));
  return { items, nextCursor: items.length === q.limit ? encodeCursor([items.at(-1)!.name]) : null };
}

// ---------------------------------------------------------------------------------------------
// Changes

export const listChangesQuery = z
  .object({
    change: z.enum(SYNCED_CHANGE_KINDS, { message: `change must be one of ${SYNCED_CHANGE_KINDS.join(", ")}` }).optional(),
    kind: z.enum(SYNCED_ITEM_KINDS, { message: `kind must be one of ${SYNCED_ITEM_KINDS.join(", ")}` }).optional(),
    limit,
    cursor,
  })
  .strict();

type ChangeRowDb = {
  sync_session_id: string;
  instance_record_id: string;
  instance_id: string;
  instance_name: string;
  item_kind: SyncedItemKind;
  item_key: string;
  change: SyncedChangeKind;
  changes: Record<string, [unknown, unknown]> | null;
  at: string | Date | null;
};

/** A change as the API shows it: each attribute as { before, after } (arrays also as added/removed; sizes with their delta). */
function toChange(r: ChangeRowDb) {
  const attributes = Object.entries(r.changes ?? {}).map(([name, [before, after]]) => {
    const out: { name: string; before: unknown; after: unknown; added?: unknown[]; removed?: unknown[]; delta?: number } = {
      name,
      before,
      after,
    };
    if (Array.isArray(before) || Array.isArray(after)) {
      const b = (Array.isArray(before) ? before : []).map((x) => JSON.stringify(x));
      const a = (Array.isArray(after) ? after : []).map((x) => JSON.stringify(x));
      out.added = a.filter((x) => !b.includes(x)).map((x) => JSON.parse(x));
      out.removed = b.filter((x) => !a.includes(x)).map((x) => JSON.parse(x));
    }
    if (typeof before === "number" && typeof after === "number" && name === "bytes") out.delta = after - before;
    return out;
  });
  return {
    sessionId: r.sync_session_id,
    recordId: r.instance_record_id,
    instanceId: r.instance_id,
    instanceName: r.instance_name,
    kind: r.item_kind,
    item: r.item_key,
    change: r.change,
    at: iso(r.at),
    attributes,
  };
}
export type ChangeView = ReturnType<typeof toChange>;

async function listChanges(db: Executor, scope: SQL, query: unknown) {
  const q = listChangesQuery.parse(query);
  const after = decodeCursor(q.cursor, 3);
  const where: SQL[] = [scope];
  if (q.change) where.push(sql`c.change = ${q.change}`);
  if (q.kind) where.push(sql`c.item_kind = ${q.kind}`);
  if (after) {
    if (!isUuid(after[0]!) || !(SYNCED_ITEM_KINDS as readonly string[]).includes(after[1]!))
      throw new AppError("bad_request:cursor", "cursor is not a nextCursor this endpoint returned");
    where.push(sql`(c.instance_record_id, c.item_kind, c.item_key) > (${after[0]}::uuid, ${after[1]}::synced_item_kind, ${after[2]})`);
  }
  const rows = await db.execute<ChangeRowDb>(sql`
    select c.sync_session_id, c.instance_record_id, r.instance_id, coalesce(r.instance_name, i.name) as instance_name,
           c.item_kind, c.item_key, c.change, c.changes, r.completed_at as at
    from synced_changes c
    join instance_records r on r.id = c.instance_record_id
    join instances i on i.id = r.instance_id
    where ${sql.join(where, sql` and `)}
    order by c.instance_record_id, c.item_kind, c.item_key
    limit ${q.limit}`);
  const items = [...rows].map(toChange);
  const last = items.at(-1);
  return { items, nextCursor: last && items.length === q.limit ? encodeCursor([last.recordId, last.kind, last.item]) : null };
}

/** What one instance record changed, item by item. */
export async function listRecordChanges(db: Executor, recordId: string, query: unknown) {
  const [record] = isUuid(recordId)
    ? await db.execute<{ session: string }>(sql`select sync_session_id as session from instance_records where id = ${recordId}`)
    : [];
  if (!record) {
    listChangesQuery.parse(query);
    throw new AppError("not_found:instance_record", "No instance record with that id");
  }
  return listChanges(db, sql`c.sync_session_id = ${record.session} and c.instance_record_id = ${recordId}`, query);
}

/** What a whole run changed, record by record. */
export async function listSessionChanges(db: Executor, sessionId: string, query: unknown) {
  const [session] = isUuid(sessionId)
    ? await db.execute<{ one: number }>(sql`select 1 as one from sync_sessions where id = ${sessionId}`)
    : [];
  if (!session) {
    listChangesQuery.parse(query);
    throw new AppError("not_found:sync_session", "No sync session with that id");
  }
  return listChanges(db, sql`c.sync_session_id = ${sessionId}`, query);
}

/** An instance's records across runs of every category, newest first (the instance page's Runs tab). */
export const listInstanceRunsQuery = z.object({ limit, cursor }).strict();
export async function listInstanceRuns(db: Executor, instanceId: string, query: unknown) {
  const q = listInstanceRunsQuery.parse(query);
  if (!(await instanceExists(db, instanceId))) throw new AppError("not_found:instance", "No instance with that id");
  const after = decodeCursor(q.cursor, 1);
  if (after && !isUuid(after[0]!)) throw new AppError("bad_request:cursor", "cursor is not a nextCursor this endpoint returned");
  const rows = await db.execute<{
    id: string;
    session_id: string;
    category: string;
    status: string;
    started_at: string | Date | null;
    completed_at: string | Date | null;
    items_synced: number;
    items_created: number;
    items_updated: number;
    items_deleted: number;
    error_message: string | null;
  }>(sql`
    select r.id, r.sync_session_id as session_id, s.sync_category as category, r.status, r.started_at, r.completed_at,
           r.items_synced, r.items_created, r.items_updated, r.items_deleted, r.error_message
    from instance_records r join sync_sessions s on s.id = r.sync_session_id
    where r.instance_id = ${instanceId} ${after ? sql`and r.id < ${after[0]}::uuid` : sql``}
    order by r.id desc limit ${q.limit}`);
  const items = [...rows].map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    category: r.category,
    status: r.status,
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    itemsSynced: r.items_synced,
    itemsCreated: r.items_created,
    itemsUpdated: r.items_updated,
    itemsDeleted: r.items_deleted,
    errorMessage: r.error_message,
  }));
  return { items, nextCursor: items.length === q.limit ? encodeCursor([items.at(-1)!.id]) : null };
}
