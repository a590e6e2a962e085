import postgres from "postgres";
import { describeConnectionError } from "./errors";
import { UPSTREAM_QUERY_TIMEOUT_MS, upstreamConnectTimeoutMs, withDeadline } from "./options";
import { UpstreamError, type CapacitySnapshot, type DatabaseConnector, type SettingSnapshot, type UpstreamAccountSnapshot } from "./types";

export { UpstreamError };

/** What `privileges` holds for a PostgreSQL role. */
export type PostgresRolePrivileges = {
  /** Privileges granted directly to the role on each non-template database (CONNECT, CREATE, TEMPORARY). */
  databases: Record<string, string[]>;
};

/** `host:port/database`, without user or password, for display and messages. */
export function postgresEndpoint(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}${u.pathname || "/postgres"}`;
}

async function withUpstream<T>(url: string, signal: AbortSignal | undefined, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const endpoint = postgresEndpoint(url);
  const sql = postgres(url, {
    max: 1,
    connect_timeout: upstreamConnectTimeoutMs() / 1000,
    idle_timeout: 1,
    onnotice: () => {},
    connection: { application_name: "syncdeck-sync", statement_timeout: UPSTREAM_QUERY_TIMEOUT_MS },
  });
  try {
    return await withDeadline(fn(sql), () => void sql.end({ timeout: 0 }).catch(() => {}), signal);
  } catch (err) {
    const { code, message } = describeConnectionError(err, endpoint);
    throw new UpstreamError(code, message, { cause: err });
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * Roles of a PostgreSQL server with their attributes, memberships and database-level grants
 * (system roles excluded). Grants to PUBLIC are not attributed to every role.
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
        connection_limit: number;
        valid_until: Date | null;
        member_of: string[];
        databases: Record<string, string[]>;
      }[]
    >`
      with db_grants as (
        select a.grantee, d.datname, array_agg(distinct a.privilege_type order by a.privilege_type) as privs
        from pg_database d, aclexplode(d.datacl) a
        -- Explicit grants only: an owner's implicit rights (and databases never granted on) are not news.
        where not d.datistemplate and a.grantee <> 0 and a.grantee <> d.datdba
        group by a.grantee, d.datname
      )
      select r.rolname as name, r.rolcanlogin as can_login, r.rolsuper as superuser,
             r.rolcreatedb as create_db, r.rolcreaterole as create_role, r.rolreplication as replication,
             r.rolconnlimit as connection_limit, r.rolvaliduntil as valid_until,
             coalesce(array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
                            where m.member = r.oid order by 1), '{}') as member_of,
             coalesce((select jsonb_object_agg(g.datname, g.privs) from db_grants g where g.grantee = r.oid), '{}') as databases
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
      // 'infinity' comes back as an invalid Date; treat it as no expiry.
      validUntil: r.valid_until && !Number.isNaN(r.valid_until.getTime()) ? r.valid_until.toISOString() : null,
      memberOf: r.member_of,
      privileges: { databases: r.databases } satisfies PostgresRolePrivileges,
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

/** Server settings from pg_settings. */
export function fetchPostgresConfig(url: string, signal?: AbortSignal): Promise<SettingSnapshot[]> {
  return withUpstream(url, signal, async (sql) => {
    const rows = await sql<{ name: string; setting: string | null; unit: string | null; source: string | null }[]>`
      select name, setting, unit, source from pg_settings order by name`;
    return rows.map((r) => ({ name: r.name, value: r.setting, unit: r.unit, source: r.source }));
  });
}

export const postgresConnector: DatabaseConnector = {
  test: testPostgresConnection,
  fetchAccounts: fetchPostgresAccounts,
  fetchCapacity: fetchPostgresCapacity,
  fetchConfig: fetchPostgresConfig,
  endpoint: postgresEndpoint,
};
