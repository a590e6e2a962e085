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
  locked: boolean;
  passwordExpired: boolean;
};

type Flavor = "mariadb" | "mysql";

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

    const globalGrants = new Map<string, Set<string>>();
    for (const g of await query<{ grantee: string; privilege: string; grantable: string }>(
      "select grantee, privilege_type as privilege, is_grantable as grantable from information_schema.user_privileges",
    )) {
      const set = globalGrants.get(g.grantee) ?? new Set<string>();
      if (g.privilege !== "USAGE") set.add(g.privilege);
      if (g.grantable === "YES") set.add("GRANT OPTION");
      globalGrants.set(g.grantee, set);
    }
    const schemaGrants = new Map<string, Map<string, Set<string>>>();
    for (const g of await query<{ grantee: string; schema: string; privilege: string; grantable: string }>(
      "select grantee, table_schema as `schema`, privilege_type as privilege, is_grantable as grantable from information_schema.schema_privileges",
    )) {
      const bySchema = schemaGrants.get(g.grantee) ?? new Map<string, Set<string>>();
      const set = bySchema.get(g.schema) ?? new Set<string>();
      set.add(g.privilege);
      if (g.grantable === "YES") set.add("GRANT OPTION");
      bySchema.set(g.schema, set);
      schemaGrants.set(g.grantee, bySchema);
    }

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
        const privileges: MysqlAccountPrivileges = {
          global: [...(globalGrants.get(who) ?? [])].sort(),
          schemas,
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
