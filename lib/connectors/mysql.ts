import mysql, { type Connection, type ConnectionOptions, type RowDataPacket } from "mysql2/promise";
import { targetProblem } from "@/lib/security/allowed-targets";
import { describeConnectionError } from "./errors";
import { UPSTREAM_QUERY_TIMEOUT_MS, upstreamConnectTimeoutMs, withDeadline } from "./options";
import { UpstreamError, type CapacitySnapshot, type DatabaseConnector, type SettingSnapshot, type UpstreamAccountSnapshot } from "./types";

export { UpstreamError };

/** What `privileges` holds for a MySQL/MariaDB account. */
export type MysqlAccountPrivileges = {
  /** Global (`ON *.*`) privileges, e.g. "PROCESS", "GRANT OPTION"; USAGE (none) is left out. */
  global: string[];
  /** Schema-level (`ON db.*`) privileges by schema name (as granted, wildcards included). */
  schemas: Record<string, string[]>;
  /**
   * Table- and column-level grants (`ON db.tbl`, `GRANT UPDATE (col)`), summarised per schema so an
   * account granted on thousands of tables stays one small row; absent when there are none.
   */
  tables?: Record<string, TableGrantSummary>;
  locked: boolean;
  passwordExpired: boolean;
};

/** An account's table and column grants within one schema. */
export type TableGrantSummary = {
  /** How many tables carry a table-level grant. */
  tables: number;
  /** Every table-level privilege granted on at least one of them. */
  privileges: string[];
  /** How many columns carry a column-level grant. */
  columns: number;
  /** Every column-level privilege granted on at least one of them. */
  columnPrivileges: string[];
};

type Flavor = "mariadb" | "mysql";

/**
 * MariaDB's privilege bits in mysql.global_priv `access`, lowest first, named as information_schema
 * names them (bit 10, GRANT, is spelled GRANT OPTION). Read from the bits because information_schema
 * leaves roles' global grants out and lists a role's schema grants with what it inherits merged in.
 */
const MARIADB_PRIVILEGE_BITS = [
  "SELECT",
  "INSERT",
  "UPDATE",
  "DELETE",
  "CREATE",
  "DROP",
  "RELOAD",
  "SHUTDOWN",
  "PROCESS",
  "FILE",
  "GRANT OPTION",
  "REFERENCES",
  "INDEX",
  "ALTER",
  "SHOW DATABASES",
  "SUPER",
  "CREATE TEMPORARY TABLES",
  "LOCK TABLES",
  "EXECUTE",
  "REPLICATION SLAVE",
  "BINLOG MONITOR",
  "CREATE VIEW",
  "SHOW VIEW",
  "CREATE ROUTINE",
  "ALTER ROUTINE",
  "CREATE USER",
  "EVENT",
  "TRIGGER",
  "CREATE TABLESPACE",
  "DELETE HISTORY",
  "SET USER",
  "FEDERATED ADMIN",
  "CONNECTION ADMIN",
  "READ_ONLY ADMIN",
  "REPLICATION SLAVE ADMIN",
  "REPLICATION MASTER ADMIN",
  "BINLOG ADMIN",
  "BINLOG REPLAY",
  "SLAVE MONITOR",
] as const;

/** mysql.db's Y/N columns (both flavors) and the privilege each grants on the schema. */
const SCHEMA_PRIVILEGE_COLUMNS: Record<string, string> = {
  select_priv: "SELECT",
  insert_priv: "INSERT",
  update_priv: "UPDATE",
  delete_priv: "DELETE",
  create_priv: "CREATE",
  drop_priv: "DROP",
  grant_priv: "GRANT OPTION",
  references_priv: "REFERENCES",
  index_priv: "INDEX",
  alter_priv: "ALTER",
  create_tmp_table_priv: "CREATE TEMPORARY TABLES",
  lock_tables_priv: "LOCK TABLES",
  create_view_priv: "CREATE VIEW",
  show_view_priv: "SHOW VIEW",
  create_routine_priv: "CREATE ROUTINE",
  alter_routine_priv: "ALTER ROUTINE",
  execute_priv: "EXECUTE",
  event_priv: "EVENT",
  trigger_priv: "TRIGGER",
  delete_history_priv: "DELETE HISTORY",
};

/** A tables_priv/columns_priv SET value ("Select,Update") as privilege names. */
function setPrivileges(value: unknown): string[] {
  return String(value ?? "")
    .split(",")
    .filter(Boolean)
    .map((p) => (p === "Grant" ? "GRANT OPTION" : p === "Delete versioning rows" ? "DELETE HISTORY" : p.toUpperCase()));
}

/** Schemas that belong to the server itself; never reported as capacity. */
const SYSTEM_SCHEMAS = ["information_schema", "performance_schema", "sys", "mysql"];

/** Built-in accounts that only own system views/functions (always locked); left out like PostgreSQL's pg_* roles. */
const SYSTEM_ACCOUNTS = new Set(["mariadb.sys@localhost", "mysql.sys@localhost", "mysql.session@localhost", "mysql.infoschema@localhost"]);

/**
 * MariaDB error numbers that mysql2 (which follows MySQL's list) names after unrelated MySQL
 * errors or not at all; renamed before the error is described.
 */
function mariadbErrorCode(err: unknown): string | undefined {
  const e = err as { errno?: number; message?: string } | undefined;
  if (e?.errno === 4151 && /locked/i.test(e.message ?? "")) return "ER_ACCOUNT_HAS_BEEN_LOCKED";
  if (e?.errno === 1969) return "ER_STATEMENT_TIMEOUT";
  return undefined;
}

const ER_NO_SUCH_TABLE = 1146;
const ER_UNKNOWN_TABLE = 1109;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new UpstreamError("bad_url", "The connection URL has a malformed %-escape");
  }
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new UpstreamError("bad_url", "The connection URL is not a valid mysql:// URL");
  }
}

/** `host:port/database` (or `host:port` without a database), without user or password. */
export function mysqlEndpoint(url: string): string {
  const u = parseUrl(url);
  const db = decode(u.pathname.replace(/^\//, ""));
  return `${u.hostname}:${u.port || "3306"}${db ? `/${db}` : ""}`;
}

function connectionOptions(url: string): ConnectionOptions {
  const u = parseUrl(url);
  const ssl = u.searchParams.get("ssl");
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    port: u.port ? Number(u.port) : 3306,
    user: decode(u.username),
    password: decode(u.password),
    database: decode(u.pathname.replace(/^\//, "")) || undefined,
    connectTimeout: upstreamConnectTimeoutMs(),
    // DECIMAL sums and 64-bit counters as exact strings; converted where read.
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    connectAttributes: { program_name: "syncdeck-sync" },
    ...(ssl === "true" || ssl === "required" ? { ssl: {} } : {}),
  };
}

type Upstream = {
  flavor: Flavor;
  /** `SELECT VERSION()`, e.g. "10.11.19-MariaDB-0+deb12u1" or "8.4.3". */
  version: string;
  query<R>(sql: string, values?: unknown[]): Promise<R[]>;
};

async function closeQuietly(conn: Connection) {
  let timer: NodeJS.Timeout | undefined;
  try {
    // COM_QUIT waits for the server; a server that went silent must not hold the sync.
    await Promise.race([conn.end(), new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
  } catch {
    // already closed
  } finally {
    clearTimeout(timer);
    conn.destroy();
  }
}

/**
 * Destroying the socket alone leaves the server thread running its statement (a query waiting on a
 * lock waits on): `KILL QUERY` goes first, from a connection of its own, capped at 2 s.
 */
async function killThenDestroy(url: string, conn: Connection | undefined) {
  const threadId = conn?.threadId;
  if (conn && threadId) {
    let killer: Connection | undefined;
    let timer: NodeJS.Timeout | undefined;
    const kill = (async () => {
      killer = await mysql.createConnection({ ...connectionOptions(url), connectTimeout: 2_000 });
      killer.on("error", () => {});
      await killer.query(`KILL QUERY ${Number(threadId)}`);
    })().catch(() => {});
    await Promise.race([kill, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    killer?.destroy();
  }
  conn?.destroy();
}

/** One connection for the duration of `fn`, always closed; driver errors become UpstreamError. */
async function withUpstream<T>(url: string, signal: AbortSignal | undefined, fn: (db: Upstream) => Promise<T>): Promise<T> {
  const endpoint = mysqlEndpoint(url);
  const refused = await targetProblem(connectionOptions(url).host ?? "");
  if (refused) throw new UpstreamError("network", `Not connecting to ${endpoint}: ${refused}`);
  let conn: Connection | undefined;
  const work = async () => {
    conn = await mysql.createConnection(connectionOptions(url));
    // A connection dropped between queries is reported through the next query; without a
    // listener the driver's 'error' event would crash the process.
    conn.on("error", () => {});
    const c = conn;
    const query = async <R>(sql: string, values?: unknown[]) => {
      const [rows] = await c.query<RowDataPacket[]>({ sql, values, timeout: UPSTREAM_QUERY_TIMEOUT_MS });
      return rows as R[];
    };
    const [v] = await query<{ v: string }>("select version() as v");
    const version = String(v?.v ?? "");
    return fn({ flavor: /mariadb/i.test(version) ? "mariadb" : "mysql", version, query });
  };
  try {
    return await withDeadline(work(), () => void killThenDestroy(url, conn), signal);
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    const mariadbCode = mariadbErrorCode(err);
    const { code, message } = describeConnectionError(mariadbCode ? { code: mariadbCode } : err, endpoint);
    throw new UpstreamError(code, message, { cause: err });
  } finally {
    if (conn) await closeQuietly(conn);
  }
}

/** "MariaDB 10.11.19" / "MySQL 8.4.3" from a `VERSION()` string. */
export function describeMysqlVersion(version: string): string {
  // MariaDB behind some proxies reports "5.5.5-10.11.19-MariaDB..."; the real version follows the prefix.
  const cleaned = version.replace(/^5\.5\.5-/, "");
  const number = /^\d+(\.\d+)*/.exec(cleaned)?.[0] ?? cleaned;
  return `${/mariadb/i.test(version) ? "MariaDB" : "MySQL"} ${number}`;
}

function isMissingTable(err: unknown) {
  const errno = (err as { errno?: number } | undefined)?.errno;
  return errno === ER_NO_SUCH_TABLE || errno === ER_UNKNOWN_TABLE;
}

/** Account names as shown everywhere: `user@host`; MariaDB roles (host '') by their bare name. */
function accountName(user: string, host: string) {
  return host === "" ? user : `${user}@${host}`;
}

/** How information_schema spells an account in GRANTEE. */
function grantee(user: string, host: string) {
  return `'${user}'@'${host}'`;
}

const truthy = (v: unknown) => v !== null && v !== undefined && Number(v) !== 0;
const numberOrNull = (v: unknown) => (v === null || v === undefined || v === "" ? null : Number(v));

type AccountRow = {
  user: string;
  host: string;
  is_role: unknown;
  super: unknown;
  create_db: unknown;
  create_user: unknown;
  replication: unknown;
  max_user_connections: unknown;
  locked: unknown;
  expired: unknown;
  /** Unix seconds; null when never recorded. */
  last_changed: unknown;
  /** Days; null or negative = the server default, 0 = never expires. */
  lifetime: unknown;
};

// MariaDB ≥ 10.4 keeps accounts as JSON in mysql.global_priv; its mysql.user view lacks
// account_locked / password_lifetime / password_last_changed. Privilege bits as in the view.
const MARIADB_ACCOUNTS = `
  select User as user, Host as host,
         coalesce(json_value(Priv, '$.is_role'), 'false') in ('true', '1') as is_role,
         (access & 32768) <> 0 as super,
         (access & 16) <> 0 as create_db,
         (access & 33554432) <> 0 as create_user,
         (access & 524288) <> 0 as replication,
         cast(coalesce(json_value(Priv, '$.max_user_connections'), '0') as signed) as max_user_connections,
         coalesce(json_value(Priv, '$.account_locked'), 'false') in ('true', '1') as locked,
         coalesce(json_value(Priv, '$.password_last_changed') = '0', false) as expired,
         nullif(cast(json_value(Priv, '$.password_last_changed') as signed), 0) as last_changed,
         cast(json_value(Priv, '$.password_lifetime') as signed) as lifetime
  from (select User, Host, Priv, cast(coalesce(json_value(Priv, '$.access'), '0') as unsigned) as access
        from mysql.global_priv) g
  order by User, Host`;

// MySQL ≥ 5.7: everything is a column of mysql.user (roles are locked accounts).
const MYSQL_ACCOUNTS = `
  select User as user, Host as host, 0 as is_role,
         Super_priv = 'Y' as super, Create_priv = 'Y' as create_db, Create_user_priv = 'Y' as create_user,
         Repl_slave_priv = 'Y' as replication, max_user_connections,
         account_locked = 'Y' as locked, password_expired = 'Y' as expired,
         unix_timestamp(password_last_changed) as last_changed, password_lifetime as lifetime
  from mysql.user
  order by User, Host`;

/** Accounts of a MySQL/MariaDB server with their attributes, grants and role memberships. */
export function fetchMysqlAccounts(url: string, signal?: AbortSignal): Promise<UpstreamAccountSnapshot[]> {
  return withUpstream(url, signal, async ({ flavor, query }) => {
    // Reading mysql.* first: a user without SELECT there fails here with a permission error,
    // instead of silently seeing only itself in information_schema below.
    const accounts = await query<AccountRow>(flavor === "mariadb" ? MARIADB_ACCOUNTS : MYSQL_ACCOUNTS);
    const [defaults] = await query<{ lifetime: unknown }>("select @@global.default_password_lifetime as lifetime").catch(() => []);
    const defaultLifetime = Number(defaults?.lifetime ?? 0) || 0;

    const memberships = await query<{ member_user: string; member_host: string; role_user: string; role_host: string }>(
      flavor === "mariadb"
        ? "select User as member_user, Host as member_host, Role as role_user, '' as role_host from mysql.roles_mapping"
        : "select TO_USER as member_user, TO_HOST as member_host, FROM_USER as role_user, FROM_HOST as role_host from mysql.role_edges",
    ).catch((err) => {
      if (isMissingTable(err)) return []; // no roles on this server version
      throw err;
    });
    const memberOf = new Map<string, string[]>();
    for (const m of memberships) {
      const key = accountName(m.member_user, m.member_host);
      memberOf.set(key, [...(memberOf.get(key) ?? []), accountName(m.role_user, m.role_host)]);
    }

    // MariaDB: direct grants from the grant tables (information_schema would give roles their
    // inherited schema grants and no global ones). MySQL: information_schema lists direct grants.
    const globalGrants = new Map<string, Set<string>>();
    const schemaGrants = new Map<string, Map<string, Set<string>>>();
    const addSchemaGrant = (who: string, schema: string, privilege: string) => {
      const bySchema = schemaGrants.get(who) ?? new Map<string, Set<string>>();
      const set = bySchema.get(schema) ?? new Set<string>();
      set.add(privilege);
      bySchema.set(schema, set);
      schemaGrants.set(who, bySchema);
    };
    if (flavor === "mariadb") {
      for (const g of await query<{ user: string; host: string; access: string | null }>(
        "select User as user, Host as host, json_value(Priv, '$.access') as access from mysql.global_priv",
      )) {
        const access = BigInt(/^\d+$/.test(g.access ?? "") ? g.access! : "0");
        const set = new Set<string>();
        MARIADB_PRIVILEGE_BITS.forEach((name, bit) => {
          if ((access >> BigInt(bit)) & BigInt(1)) set.add(name);
        });
        globalGrants.set(grantee(g.user, g.host), set);
      }
      for (const row of await query<Record<string, unknown>>("select * from mysql.db")) {
        const cols = Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
        const who = grantee(String(cols.user), String(cols.host));
        for (const [column, privilege] of Object.entries(SCHEMA_PRIVILEGE_COLUMNS)) {
          if (cols[column] === "Y") addSchemaGrant(who, String(cols.db), privilege);
        }
      }
    } else {
      for (const g of await query<{ grantee: string; privilege: string; grantable: string }>(
        "select grantee, privilege_type as privilege, is_grantable as grantable from information_schema.user_privileges",
      )) {
        const set = globalGrants.get(g.grantee) ?? new Set<string>();
        if (g.privilege !== "USAGE") set.add(g.privilege);
        if (g.grantable === "YES") set.add("GRANT OPTION");
        globalGrants.set(g.grantee, set);
      }
      for (const g of await query<{ grantee: string; schema: string; privilege: string; grantable: string }>(
        "select grantee, table_schema as `schema`, privilege_type as privilege, is_grantable as grantable from information_schema.schema_privileges",
      )) {
        addSchemaGrant(g.grantee, g.schema, g.privilege);
        if (g.grantable === "YES") addSchemaGrant(g.grantee, g.schema, "GRANT OPTION");
      }
    }
    const tableGrants = await tableGrantSummaries(query);

    const now = Date.now();
    return accounts
      .filter((a) => !SYSTEM_ACCOUNTS.has(accountName(a.user, a.host)))
      .map((a): UpstreamAccountSnapshot => {
        const name = accountName(a.user, a.host);
        const who = grantee(a.user, a.host);
        const locked = truthy(a.locked);
        const lifetimeDays = numberOrNull(a.lifetime);
        const effectiveDays = lifetimeDays === null || lifetimeDays < 0 ? defaultLifetime : lifetimeDays;
        const lastChanged = numberOrNull(a.last_changed);
        const validUntil = effectiveDays > 0 && lastChanged ? new Date((lastChanged + effectiveDays * 86_400) * 1000) : null;
        const maxConnections = Number(a.max_user_connections ?? 0);
        const schemas: Record<string, string[]> = {};
        for (const [schema, privs] of [...(schemaGrants.get(who) ?? new Map<string, Set<string>>())].sort(([x], [y]) => (x < y ? -1 : 1))) {
          schemas[schema] = [...privs].sort();
        }
        const tables = tableGrants.get(who);
        const privileges: MysqlAccountPrivileges = {
          global: [...(globalGrants.get(who) ?? [])].sort(),
          schemas,
          // Only when present: an account without table grants keeps the fingerprint it always had.
          ...(tables ? { tables } : {}),
          locked,
          passwordExpired: truthy(a.expired) || (validUntil !== null && validUntil.getTime() <= now),
        };
        return {
          name,
          canLogin: !locked && !truthy(a.is_role),
          superuser: truthy(a.super),
          createDb: truthy(a.create_db),
          createRole: truthy(a.create_user),
          replication: truthy(a.replication),
          // 0 means "no per-account limit", which PostgreSQL spells -1.
          connectionLimit: maxConnections > 0 ? maxConnections : -1,
          validUntil: validUntil ? validUntil.toISOString() : null,
          memberOf: (memberOf.get(name) ?? []).sort(),
          privileges,
        };
      });
  });
}

/**
 * Table and column grants of every account from mysql.tables_priv / mysql.columns_priv (direct grants
 * on both flavors), by `'user'@'host'` and schema.
 */
async function tableGrantSummaries(query: Upstream["query"]): Promise<Map<string, Record<string, TableGrantSummary>>> {
  type Acc = { tables: number; privileges: Set<string>; columns: number; columnPrivileges: Set<string> };
  const byAccount = new Map<string, Map<string, Acc>>();
  const entry = (user: string, host: string, schema: string) => {
    const who = grantee(user, host);
    const bySchema = byAccount.get(who) ?? new Map<string, Acc>();
    byAccount.set(who, bySchema);
    let acc = bySchema.get(schema);
    if (!acc) bySchema.set(schema, (acc = { tables: 0, privileges: new Set(), columns: 0, columnPrivileges: new Set() }));
    return acc;
  };
  const tableRows = await query<{ user: string; host: string; db: string; privs: string }>(
    "select User as user, Host as host, Db as db, Table_priv as privs from mysql.tables_priv",
  ).catch((err) => {
    if (isMissingTable(err)) return [];
    throw err;
  });
  for (const t of tableRows) {
    const privileges = setPrivileges(t.privs);
    if (!privileges.length) continue; // a row holding only column grants
    const acc = entry(t.user, t.host, t.db);
    acc.tables++;
    for (const p of privileges) acc.privileges.add(p);
  }
  const columnRows = await query<{ user: string; host: string; db: string; privs: string }>(
    "select User as user, Host as host, Db as db, Column_priv as privs from mysql.columns_priv",
  ).catch((err) => {
    if (isMissingTable(err)) return [];
    throw err;
  });
  for (const c of columnRows) {
    const privileges = setPrivileges(c.privs);
    if (!privileges.length) continue;
    const acc = entry(c.user, c.host, c.db);
    acc.columns++;
    for (const p of privileges) acc.columnPrivileges.add(p);
  }
  const out = new Map<string, Record<string, TableGrantSummary>>();
  for (const [who, bySchema] of byAccount) {
    const summary: Record<string, TableGrantSummary> = {};
    for (const [schema, a] of [...bySchema].sort(([x], [y]) => (x < y ? -1 : 1))) {
      summary[schema] = {
        tables: a.tables,
        privileges: [...a.privileges].sort(),
        columns: a.columns,
        columnPrivileges: [...a.columnPrivileges].sort(),
      };
    }
    out.set(who, summary);
  }
  return out;
}

/** Connects and reads the server version, e.g. "MariaDB 10.11.19"; throws UpstreamError with a readable message. */
export function testMysqlConnection(url: string, signal?: AbortSignal): Promise<string> {
  return withUpstream(url, signal, async ({ version }) => describeMysqlVersion(version));
}

/** Size (data + indexes) of every schema the connecting user can see, system schemas excluded; empty schemas as 0. */
export function fetchMysqlCapacity(url: string, signal?: AbortSignal): Promise<CapacitySnapshot[]> {
  return withUpstream(url, signal, async ({ flavor, query }) => {
    // MySQL 8 caches table statistics in information_schema for a day by default.
    if (flavor === "mysql") await query("set session information_schema_stats_expiry = 0").catch(() => {});
    const rows = await query<{ name: string; bytes: string | number }>(
      `select s.schema_name as name,
              coalesce(sum(coalesce(t.data_length, 0) + coalesce(t.index_length, 0)), 0) as bytes
       from information_schema.schemata s
       left join information_schema.tables t on t.table_schema = s.schema_name
       where s.schema_name not in (${SYSTEM_SCHEMAS.map(() => "?").join(", ")})
       group by s.schema_name
       order by s.schema_name`,
      SYSTEM_SCHEMAS,
    );
    return rows.map((r) => ({ databaseName: r.name, bytes: Number(r.bytes) }));
  });
}

/** Global server variables (`SHOW GLOBAL VARIABLES`), with where each value came from when the server says. */
export function fetchMysqlConfig(url: string, signal?: AbortSignal): Promise<SettingSnapshot[]> {
  return withUpstream(url, signal, async ({ flavor, query }) => {
    const vars = await query<{ Variable_name: string; Value: string | null }>("show global variables");
    // MariaDB: information_schema.system_variables.global_value_origin (COMPILE-TIME, CONFIG, SQL, ...);
    // MySQL 8: performance_schema.variables_info.variable_source (COMPILED, GLOBAL, PERSISTED, ...).
    // Either may be unreadable (privileges, performance_schema off): the source is then unknown.
    const sources = new Map<string, string>();
    const sourceRows = await query<{ name: string; source: string | null }>(
      flavor === "mariadb"
        ? "select lower(variable_name) as name, global_value_origin as source from information_schema.system_variables"
        : "select lower(variable_name) as name, variable_source as source from performance_schema.variables_info",
    ).catch(() => []);
    for (const r of sourceRows) if (r.source) sources.set(r.name, r.source);
    return vars
      .map((v) => ({
        name: v.Variable_name,
        value: v.Value ?? null,
        unit: null,
        source: sources.get(v.Variable_name.toLowerCase()) ?? null,
      }))
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  });
}

export const mysqlConnector: DatabaseConnector = {
  test: testMysqlConnection,
  fetchAccounts: fetchMysqlAccounts,
  fetchCapacity: fetchMysqlCapacity,
  fetchConfig: fetchMysqlConfig,
  endpoint: mysqlEndpoint,
};
