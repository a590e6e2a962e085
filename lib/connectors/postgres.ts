import net from "node:net";
import postgres from "postgres";
import { targetProblem, urlHost } from "@/lib/security/allowed-targets";
import { describeConnectionError } from "./errors";
import { UPSTREAM_QUERY_TIMEOUT_MS, upstreamConnectTimeoutMs, withDeadline } from "./options";
import { UpstreamError, type CapacitySnapshot, type DatabaseConnector, type SettingSnapshot, type UpstreamAccountSnapshot } from "./types";

export { UpstreamError };

/** What `privileges` holds for a PostgreSQL role. */
export type PostgresRolePrivileges = {
  /** Privileges granted directly to the role on each non-template database (CONNECT, CREATE, TEMPORARY). */
  databases: Record<string, string[]>;
  /** Privileges granted directly on each schema of the connected database (USAGE, CREATE). */
  schemas: Record<string, string[]>;
  bypassRls: boolean;
  /** Whether the role uses the privileges of the roles it is a member of. */
  inherit: boolean;
  /** The roles of memberOf it holds WITH ADMIN OPTION (may grant them on). */
  adminOf: string[];
};

/** `host:port/database`, without user or password, for display and messages. */
export function postgresEndpoint(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}${u.pathname || "/postgres"}`;
}

/** TCP connections one upstream call may open; postgres.js alone reconnects until its deadline. */
export const MAX_CONNECT_ATTEMPTS = 3;

/**
 * First bytes a PostgreSQL server can answer a startup or SSL request with: Authentication,
 * ErrorResponse, NoticeResponse, NegotiateProtocolVersion, and the SSL answers S/N.
 */
const POSTGRES_FIRST_BYTES = new Set([0x52, 0x45, 0x4e, 0x76, 0x53]);

/**
 * A socket factory for postgres.js that opens at most MAX_CONNECT_ATTEMPTS connections and gives up
 * at once when the peer's first byte is not PostgreSQL's. Without it, a port that accepts and then
 * closes (an HTTP listener, a proxy with nothing behind it) is reconnected to in a tight loop
 * for the whole deadline, because postgres.js retries a connection while its first query waits.
 */
function limitedSocket(hostPort: string) {
  let attempts = 0;
  let foreign = false;
  return (o: { host: string[]; port: number[]; path?: string | false }) => {
    if (foreign || attempts >= MAX_CONNECT_ATTEMPTS) {
      throw new UpstreamError(
        "network",
        foreign
          ? `${hostPort} did not answer as PostgreSQL`
          : `${hostPort} did not answer as PostgreSQL (it closed the connection ${attempts} times)`,
      );
    }
    attempts++;
    const host = o.host[0] ?? "localhost";
    const port = o.port[0] ?? 5432;
    const socket = o.path ? net.connect(o.path) : net.connect(port, host);
    // postgres.js names TLS servers after socket.host.
    Object.assign(socket, { host, port });
    // The first chunk is checked before postgres.js parses it, so a foreign greeting is neither
    // parsed as messages nor logged as "Unknown Message".
    let checked = false;
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === "data" && !checked) {
        checked = true;
        const chunk = args[0] as Buffer;
        if (chunk.length && !POSTGRES_FIRST_BYTES.has(chunk[0]!)) {
          foreign = true;
          socket.destroy();
          return false;
        }
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
    return socket;
  };
}

async function withUpstream<T>(url: string, signal: AbortSignal | undefined, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const endpoint = postgresEndpoint(url);
  const hostPort = endpoint.replace(/\/.*$/, "");
  const refused = await targetProblem(urlHost(url));
  if (refused) throw new UpstreamError("network", `Not connecting to ${hostPort}: ${refused}`);
  const sql = postgres(url, {
    max: 1,
    // `socket` is a documented option that the type definitions lack.
    ...({ socket: limitedSocket(hostPort) } as object),
    connect_timeout: upstreamConnectTimeoutMs() / 1000,
    idle_timeout: 1,
    onnotice: () => {},
    connection: { application_name: "syncdeck-sync", statement_timeout: UPSTREAM_QUERY_TIMEOUT_MS },
  });
  const running = new Set<{ cancel(): unknown }>();
  try {
    return await withDeadline(fn(trackQueries(sql, running)), () => cancelThenClose(sql, running), signal);
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    const { code, message } = describeConnectionError(err, endpoint);
    throw new UpstreamError(code, message, { cause: err });
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** `sql` whose tagged-template calls are remembered in `running`, so a cancel can reach them. */
function trackQueries(sql: postgres.Sql, running: Set<{ cancel(): unknown }>): postgres.Sql {
  return new Proxy(sql, {
    apply(target, self, args) {
      const query = Reflect.apply(target, self, args) as unknown;
      if (query && typeof (query as { cancel?: unknown }).cancel === "function") running.add(query as { cancel(): unknown });
      return query;
    },
  });
}

/**
 * Closing the socket alone leaves the server's backend running the statement until it ends (up to
 * the statement timeout): a cancel request goes first, on a connection of its own, so the upstream
 * is idle at once; the connection is closed when the request is through (or after 2 s).
 */
function cancelThenClose(sql: postgres.Sql, running: Set<{ cancel(): unknown }>) {
  const sent = [...running].map((q) => Promise.resolve(q.cancel()).catch(() => {}));
  const cap = new Promise((r) => setTimeout(r, 2_000).unref());
  void Promise.race([Promise.all(sent), cap]).finally(() => void sql.end({ timeout: 0 }).catch(() => {}));
}

/**
 * Roles of a PostgreSQL server with their attributes, memberships (and which of them carry ADMIN
 * OPTION), database-level grants and the schema grants of the connected database (system roles
 * excluded). Grants to PUBLIC are not attributed to every role.
 */
export function fetchPostgresAccounts(url: string, signal?: AbortSignal): Promise<UpstreamAccountSnapshot[]> {
  return withUpstream(url, signal, async (sql) => {
    const rows = await sql<
      {
        name: string;
        can_login: boolean;
        superuser: boolean;
        create_db: boolean;
        create_role: boolean;
        replication: boolean;
        bypass_rls: boolean;
        inherit: boolean;
        connection_limit: number;
        valid_until: string | null;
        member_of: string[];
        admin_of: string[];
        databases: Record<string, string[]>;
        schemas: Record<string, string[]>;
      }[]
    >`
      with db_grants as (
        select a.grantee, d.datname, array_agg(distinct a.privilege_type order by a.privilege_type) as privs
        from pg_database d, aclexplode(d.datacl) a
        -- Explicit grants only: an owner's implicit rights (and databases never granted on) are not news.
        where not d.datistemplate and a.grantee <> 0 and a.grantee <> d.datdba
        group by a.grantee, d.datname
      ),
      schema_grants as (
        select a.grantee, n.nspname, array_agg(distinct a.privilege_type order by a.privilege_type) as privs
        from pg_namespace n, aclexplode(n.nspacl) a
        where n.nspname !~ '^pg_' and n.nspname <> 'information_schema' and a.grantee <> 0 and a.grantee <> n.nspowner
        group by a.grantee, n.nspname
      )
      select r.rolname as name, r.rolcanlogin as can_login, r.rolsuper as superuser,
             r.rolcreatedb as create_db, r.rolcreaterole as create_role, r.rolreplication as replication,
             r.rolbypassrls as bypass_rls, r.rolinherit as inherit,
             r.rolconnlimit as connection_limit,
             -- as text: 'infinity' (never expires, said so) stays distinct from null (never set)
             case when r.rolvaliduntil is null then null
                  when r.rolvaliduntil = 'infinity' then 'infinity'
                  else to_char(r.rolvaliduntil at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end as valid_until,
             coalesce(array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
                            where m.member = r.oid order by 1), '{}') as member_of,
             coalesce(array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
                            where m.member = r.oid and m.admin_option order by 1), '{}') as admin_of,
             coalesce((select jsonb_object_agg(g.datname, g.privs) from db_grants g where g.grantee = r.oid), '{}') as databases,
             coalesce((select jsonb_object_agg(g.nspname, g.privs) from schema_grants g where g.grantee = r.oid), '{}') as schemas
      from pg_roles r
      where r.rolname !~ '^pg_'
      order by r.rolname`;
    return rows.map((r) => ({
      name: r.name,
      canLogin: r.can_login,
      superuser: r.superuser,
      createDb: r.create_db,
      createRole: r.create_role,
      replication: r.replication,
      connectionLimit: r.connection_limit,
      validUntil: r.valid_until,
      memberOf: r.member_of,
      privileges: {
        databases: r.databases,
        schemas: r.schemas,
        bypassRls: r.bypass_rls,
        inherit: r.inherit,
        adminOf: r.admin_of,
      } satisfies PostgresRolePrivileges,
    }));
  });
}

/** Connects and reads the server version; throws UpstreamError with a readable message. */
export function testPostgresConnection(url: string, signal?: AbortSignal): Promise<string> {
  return withUpstream(url, signal, async (sql) => {
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    return `PostgreSQL ${row?.version ?? "?"}`;
  });
}

/** Size of every database the connecting user can see. */
export function fetchPostgresCapacity(url: string, signal?: AbortSignal): Promise<CapacitySnapshot[]> {
  return withUpstream(url, signal, async (sql) => {
    const rows = await sql<{ name: string; bytes: string }[]>`
      select datname as name, pg_database_size(datname)::text as bytes
      from pg_database where not datistemplate and has_database_privilege(datname, 'CONNECT') order by datname`;
    return rows.map((r) => ({ databaseName: r.name, bytes: Number(r.bytes) }));
  });
}

/**
 * Server settings from pg_settings, as the server gives a new session. Values our own connection
 * sent at startup (source `client`: statement_timeout, application_name, client_encoding …) are not
 * the server's: for those the value a session would get without them is stored, from the per-role
 * and per-database settings, else the configuration file (readable with superuser or
 * pg_read_all_settings), else the built-in default.
 */
export function fetchPostgresConfig(url: string, signal?: AbortSignal): Promise<SettingSnapshot[]> {
  return withUpstream(url, signal, async (sql) => {
    const rows = await sql<{ name: string; setting: string | null; unit: string | null; source: string | null; boot_val: string | null }[]>`
      select name, setting, unit, source, boot_val from pg_settings order by name`;
    const ours = rows.filter((r) => r.source === "client");
    if (!ours.length) return rows.map((r) => ({ name: r.name, value: r.setting, unit: r.unit, source: r.source }));
    // pg_db_role_setting entries apply most specific first: this role in this database, the role, the database.
    const perRole = await sql<{ name: string; value: string; source: string }[]>`
      select split_part(cfg, '=', 1) as name, substr(cfg, strpos(cfg, '=') + 1) as value,
             case when s.setdatabase <> 0 and s.setrole <> 0 then 'database user' when s.setrole <> 0 then 'user' else 'database' end as source
      from pg_db_role_setting s, unnest(s.setconfig) cfg
      where (s.setdatabase = 0 or s.setdatabase = (select oid from pg_database where datname = current_database()))
        and (s.setrole = 0 or s.setrole = (select oid from pg_roles where rolname = current_user))
      order by (s.setdatabase <> 0 and s.setrole <> 0) desc, (s.setrole <> 0) desc`;
    const fromFile = await sql<{ name: string; setting: string }[]>`
      select name, setting from pg_file_settings where applied and error is null`.catch(() => []);
    const overrides = new Map<string, { value: string; source: string }>();
    for (const f of fromFile) overrides.set(f.name, { value: f.setting, source: "configuration file" });
    for (const p of [...perRole].reverse()) overrides.set(p.name.toLowerCase(), { value: p.value, source: p.source });
    return rows.map((r) => {
      if (r.source !== "client") return { name: r.name, value: r.setting, unit: r.unit, source: r.source };
      const o = overrides.get(r.name);
      return { name: r.name, value: o?.value ?? r.boot_val, unit: r.unit, source: o?.source ?? "default" };
    });
  });
}

export const postgresConnector: DatabaseConnector = {
  test: testPostgresConnection,
  fetchAccounts: fetchPostgresAccounts,
  fetchCapacity: fetchPostgresCapacity,
  fetchConfig: fetchPostgresConfig,
  endpoint: postgresEndpoint,
};
