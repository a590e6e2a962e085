import { randomBytes } from "node:crypto";
import net from "node:net";
import { and, eq } from "drizzle-orm";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instances, upstreamAccounts } from "@/db/schema";
import { connectorFor } from "@/lib/connectors";
import { encryptSecret } from "@/lib/crypto/secrets";
import {
  describeMysqlVersion,
  fetchMysqlAccounts,
  fetchMysqlCapacity,
  fetchMysqlConfig,
  mysqlConnector,
  mysqlEndpoint,
  testMysqlConnection,
  UpstreamError,
  type MysqlAccountPrivileges,
} from "@/lib/connectors/mysql";
import { applyAccountSnapshot } from "@/lib/sync/account-snapshot";
import { getAccount, listInstanceAccounts } from "@/lib/synced-data/queries";
import { useTestDatabase } from "./helpers/db";

// A real MySQL/MariaDB server, by default at 127.0.0.1:3306 as root with an empty password
// (SYNCDECK_TEST_MYSQL_URL to use another); without one the server tests are reported as
// skipped, never as passed.
const rootUrl = process.env.SYNCDECK_TEST_MYSQL_URL ?? "mysql://root:@127.0.0.1:3306";
const server = new URL(rootUrl);
const HOST = server.hostname;
const PORT = Number(server.port || 3306);
const ROOT = { host: HOST, port: PORT, user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) };

async function probe(): Promise<string | null> {
  try {
    const c = await mysql.createConnection({ ...ROOT, connectTimeout: 3_000 });
    await c.query("select 1");
    await c.end();
    return null;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return e.code ?? e.message ?? String(err);
  }
}

const unreachable = await probe();
const reachable = unreachable === null;
if (!reachable) {
  console.warn(`skipped: MySQL connector tests — no MySQL/MariaDB server at ${HOST}:${PORT} (${unreachable})`);
}

// Users and schemas are server-wide: everything this file creates carries a prefix of its own.
const prefix = `sdm_${randomBytes(3).toString("hex")}`;
const APP_PASSWORD = "app-Secret-pw-4711";
const NOPERM_PASSWORD = "noperm-Secret-pw-0815";
const dataSchema = `${prefix}_data`;
const emptySchema = `${prefix}_empty`;

function urlFor(user: string, password: string, db = "") {
  return `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}:${PORT}${db ? `/${db}` : ""}`;
}

describe.skipIf(!reachable)("MySQL/MariaDB connector", () => {
  let admin: mysql.Connection;
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let isMaria = false;
  /** How a role granted to an account shows in memberOf: MariaDB roles have no host. */
  let roleName = "";
  let baseName = "";
  const baseSql = () => (isMaria ? `\`${prefix}_base\`` : `'${prefix}_base'@'%'`);

  beforeAll(async () => {
    t = await useTestDatabase("mysqlacct");
    admin = await mysql.createConnection({ ...ROOT, multipleStatements: true });
    const [[v]] = await admin.query<mysql.RowDataPacket[]>("select version() as v");
    isMaria = /mariadb/i.test(String(v?.v));
    roleName = isMaria ? `${prefix}_role` : `${prefix}_role@%`;
    baseName = isMaria ? `${prefix}_base` : `${prefix}_base@%`;
    const roleSql = isMaria ? `\`${prefix}_role\`` : `'${prefix}_role'@'%'`;
    await admin.query(`
      create database \`${dataSchema}\`;
      create database \`${emptySchema}\`;
      create table \`${dataSchema}\`.t (id int primary key, payload varchar(200)) engine = InnoDB;
      insert into \`${dataSchema}\`.t values (1, repeat('x', 200)), (2, repeat('y', 200));
      create user '${prefix}_app'@'%' identified by '${APP_PASSWORD}' with max_user_connections 5 password expire interval 30 day;
      grant process, create on *.* to '${prefix}_app'@'%';
      grant select, insert on \`${dataSchema}\`.* to '${prefix}_app'@'%';
      create user '${prefix}_locked'@'%' identified by 'locked-pw' account lock;
      create user '${prefix}_super'@'%' identified by 'super-pw';
      grant all privileges on *.* to '${prefix}_super'@'%' with grant option;
      create user '${prefix}_noperm'@'%' identified by '${NOPERM_PASSWORD}';
      create role ${roleSql};
      grant select on \`${dataSchema}\`.* to ${roleSql};
      grant ${roleSql} to '${prefix}_app'@'%';
      create role ${baseSql()};
      grant process on *.* to ${baseSql()};
      grant select on \`${emptySchema}\`.* to ${baseSql()};
      grant ${baseSql()} to ${roleSql};
      grant delete, update (payload) on \`${dataSchema}\`.t to ${roleSql};
    `);
  });

  afterAll(async () => {
    if (!admin) return;
    const roleSql = isMaria ? `\`${prefix}_role\`` : `'${prefix}_role'@'%'`;
    for (const stmt of [
      `drop user if exists '${prefix}_app'@'%'`,
      `drop user if exists '${prefix}_locked'@'%'`,
      `drop user if exists '${prefix}_super'@'%'`,
      `drop user if exists '${prefix}_noperm'@'%'`,
      `drop role if exists ${roleSql}`,
      `drop role if exists ${baseSql()}`,
      `drop database if exists \`${dataSchema}\``,
      `drop database if exists \`${emptySchema}\``,
    ]) {
      await admin.query(stmt).catch(() => {});
    }
    await admin.end();
  });

  it("is registered for kind mysql, reports the server version and a credential-free endpoint", async () => {
    expect(connectorFor("mysql")).toBe(mysqlConnector);
    const version = await testMysqlConnection(rootUrl);
    expect(version).toMatch(isMaria ? /^MariaDB \d+\.\d+\.\d+$/ : /^MySQL \d+\.\d+\.\d+$/);
    expect(mysqlEndpoint("mysql://u:secret@db.example:3307/app")).toBe("db.example:3307/app");
    expect(mysqlEndpoint("mysql://u:secret@db.example")).toBe("db.example:3306");
    expect(describeMysqlVersion("10.11.19-MariaDB-0+deb12u1")).toBe("MariaDB 10.11.19");
    expect(describeMysqlVersion("5.5.5-10.6.4-MariaDB-log")).toBe("MariaDB 10.6.4");
    expect(describeMysqlVersion("8.4.3")).toBe("MySQL 8.4.3");
  });

  it("reads accounts with attributes, memberships, global and schema privileges and the locked flag", async () => {
    const accounts = await fetchMysqlAccounts(rootUrl);
    const byName = new Map(accounts.map((a) => [a.name, a]));
    expect(accounts.some((a) => a.name.startsWith("mariadb.sys") || a.name.startsWith("mysql.sys"))).toBe(false);

    const app = byName.get(`${prefix}_app@%`);
    expect(app).toMatchObject({
      canLogin: true,
      superuser: false,
      createDb: true,
      createRole: false,
      replication: false,
      connectionLimit: 5,
      memberOf: [roleName],
    });
    const appPrivs = app?.privileges as MysqlAccountPrivileges;
    expect(appPrivs.global).toEqual(["CREATE", "PROCESS"]);
    expect(appPrivs.schemas).toEqual({ [dataSchema]: ["INSERT", "SELECT"] });
    expect(appPrivs).toMatchObject({ locked: false, passwordExpired: false });
    // password expire interval 30 day: valid until about 30 days after it was set (now).
    const until = Date.parse(app?.validUntil ?? "");
    expect(Math.abs(until - (Date.now() + 30 * 86_400_000))).toBeLessThan(10 * 60_000);

    const locked = byName.get(`${prefix}_locked@%`);
    expect(locked).toMatchObject({ canLogin: false, superuser: false, connectionLimit: -1, validUntil: null, memberOf: [] });
    expect(locked?.privileges).toEqual({ global: [], schemas: {}, locked: true, passwordExpired: false });

    const superUser = byName.get(`${prefix}_super@%`);
    expect(superUser).toMatchObject({
      canLogin: true,
      superuser: true,
      createDb: true,
      createRole: true,
      replication: true,
      connectionLimit: -1,
    });
    const superPrivs = superUser?.privileges as MysqlAccountPrivileges;
    expect(superPrivs.global).toEqual(expect.arrayContaining(["SUPER", "CREATE USER", "GRANT OPTION", "SELECT"]));
    expect(superPrivs.global).not.toContain("USAGE");

    // Direct grants only, for roles as for users: the role's schema grants leave out the SELECT on
    // the empty schema it inherits from base, and base keeps its global PROCESS.
    const role = byName.get(roleName);
    expect(role).toMatchObject({ canLogin: false, superuser: false, memberOf: [baseName] });
    const rolePrivs = role?.privileges as MysqlAccountPrivileges;
    expect(rolePrivs.global).toEqual([]);
    expect(rolePrivs.schemas).toEqual({ [dataSchema]: ["SELECT"] });
    expect(rolePrivs.tables).toEqual({ [dataSchema]: { tables: 1, privileges: ["DELETE"], columns: 1, columnPrivileges: ["UPDATE"] } });
    const base = byName.get(baseName)?.privileges as MysqlAccountPrivileges;
    expect(base.global).toEqual(["PROCESS"]);
    expect(base.schemas).toEqual({ [emptySchema]: ["SELECT"] });
    expect(base.tables).toBeUndefined();

    // Schema grants exactly as mysql.db holds them, for every account of this file.
    const [dbRows] = await admin.query<mysql.RowDataPacket[]>(
      "select User as user, Host as host, Db as db, Select_priv as s, Insert_priv as i from mysql.db where User like ?",
      [`${prefix}%`],
    );
    for (const a of accounts.filter((x) => x.name.startsWith(prefix))) {
      const expected: Record<string, string[]> = {};
      for (const r of dbRows.filter((d) => (d.host === "" ? d.user : `${d.user}@${d.host}`) === a.name)) {
        expected[r.db] = [...(r.i === "Y" ? ["INSERT"] : []), ...(r.s === "Y" ? ["SELECT"] : [])];
      }
      expect((a.privileges as MysqlAccountPrivileges).schemas, a.name).toEqual(expected);
    }

    const noperm = byName.get(`${prefix}_noperm@%`);
    expect(noperm?.privileges).toEqual({ global: [], schemas: {}, locked: false, passwordExpired: false });

    // Nothing secret travels with the snapshot.
    const text = JSON.stringify(accounts);
    expect(text).not.toContain(APP_PASSWORD);
    expect(text).not.toMatch(/authentication_string|\*[0-9A-F]{40}/);
  });

  it("applies MySQL accounts idempotently; a grant change counts as an update", async () => {
    const [instance] = await t.db
      .insert(instances)
      .values({ name: `my-${prefix}`, kind: "mysql", secretCiphertext: encryptSecret(rootUrl), endpoint: mysqlEndpoint(rootUrl) })
      .returning();
    const mine = async () => (await fetchMysqlAccounts(rootUrl)).filter((a) => a.name.startsWith(prefix));

    const first = await t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance!.id, await mine()));
    expect(first).toEqual({ synced: 6, created: 6, updated: 0, deleted: 0 });
    const again = await t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance!.id, await mine()));
    expect(again).toEqual({ synced: 6, created: 0, updated: 0, deleted: 0 });

    // What app holds through role → base is derived when read, beside its own grants.
    const { items } = await listInstanceAccounts(t.db, instance!.id, { q: prefix });
    const app = items.find((a) => a.name === `${prefix}_app@%`);
    expect(app?.inherited).toEqual({
      roles: [baseName, roleName].sort(),
      superuser: false,
      global: ["PROCESS"],
      databases: {},
      schemas: { [dataSchema]: ["SELECT"], [emptySchema]: ["SELECT"] },
    });
    expect((app?.privileges as MysqlAccountPrivileges).schemas).toEqual({ [dataSchema]: ["INSERT", "SELECT"] });
    const detail = await getAccount(t.db, items.find((a) => a.name === baseName)!.id);
    expect(detail.inherited).toEqual({ roles: [], superuser: false, global: [], databases: {}, schemas: {} });

    await admin.query(`revoke insert on \`${dataSchema}\`.* from '${prefix}_app'@'%'`);
    const changed = await t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance!.id, await mine()));
    expect(changed).toEqual({ synced: 6, created: 0, updated: 1, deleted: 0 });

    const [row] = await t.db
      .select()
      .from(upstreamAccounts)
      .where(and(eq(upstreamAccounts.instanceId, instance!.id), eq(upstreamAccounts.name, `${prefix}_app@%`)));
    expect((row?.privileges as MysqlAccountPrivileges).schemas).toEqual({ [dataSchema]: ["SELECT"] });
  });

  it("reads the size of every user schema, empty ones as 0, without system schemas", async () => {
    await admin.query(`analyze table \`${dataSchema}\`.t`);
    const capacity = await fetchMysqlCapacity(rootUrl);
    const names = capacity.map((c) => c.databaseName);
    for (const system of ["information_schema", "performance_schema", "sys", "mysql"]) expect(names).not.toContain(system);
    const data = capacity.find((c) => c.databaseName === dataSchema);
    expect(data?.bytes).toBeGreaterThan(0);
    expect(Number.isInteger(data?.bytes)).toBe(true);
    expect(capacity.find((c) => c.databaseName === emptySchema)).toEqual({ databaseName: emptySchema, bytes: 0 });
  });

  it("reads global variables with their source where the server tells it", async () => {
    const config = await fetchMysqlConfig(rootUrl);
    expect(config.length).toBeGreaterThan(100);
    const maxConnections = config.find((s) => s.name === "max_connections");
    expect(maxConnections?.value).toMatch(/^\d+$/);
    expect(maxConnections?.unit).toBeNull();
    expect(new Set(config.map((s) => s.name)).size).toBe(config.length);
    // MariaDB: information_schema.system_variables.global_value_origin (COMPILE-TIME, CONFIG, AUTO, ...).
    if (isMaria) expect(config.filter((s) => s.source !== null).length).toBeGreaterThan(config.length / 2);
  });

  it("turns failures into short readable messages without the password", async () => {
    const badPassword = await testMysqlConnection(urlFor(`${prefix}_app`, "wrong-Password-xyz")).catch((e) => e);
    expect(badPassword).toBeInstanceOf(UpstreamError);
    expect(badPassword.code).toBe("auth");
    expect(badPassword.message).toBe(`Authentication failed at ${HOST}:${PORT}: check the user name and password`);
    expect(badPassword.message).not.toContain("wrong-Password-xyz");

    const refused = await testMysqlConnection("mysql://root:hunter2-secret@127.0.0.1:1/nope").catch((e) => e);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused.code).toBe("network");
    expect(refused.message).toBe("Connection refused by 127.0.0.1:1/nope: is the server running and listening there?");
    expect(refused.message).not.toContain("hunter2");

    const denied = await fetchMysqlAccounts(urlFor(`${prefix}_noperm`, NOPERM_PASSWORD)).catch((e) => e);
    expect(denied).toBeInstanceOf(UpstreamError);
    expect(denied.code).toBe("permission");
    expect(denied.message).toMatch(/lacks permission/);
    expect(denied.message).not.toContain(NOPERM_PASSWORD);

    const noDbAccess = await testMysqlConnection(urlFor(`${prefix}_noperm`, NOPERM_PASSWORD, dataSchema)).catch((e) => e);
    expect(noDbAccess.code).toBe("permission");
    expect(noDbAccess.message).toMatch(/may not use the database/);

    const noDb = await testMysqlConnection(`${rootUrl}/${prefix}_missing`).catch((e) => e);
    expect(noDb.code).toBe("auth");
    expect(noDb.message).toMatch(/does not exist/);

    const locked = await testMysqlConnection(urlFor(`${prefix}_locked`, "locked-pw")).catch((e) => e);
    expect(locked).toBeInstanceOf(UpstreamError);
    expect(locked.code).toBe("auth");
    expect(locked.message).toBe(`The account used for ${HOST}:${PORT} is locked`);

    const badUrl = await testMysqlConnection("not a url").catch((e) => e);
    expect(badUrl).toMatchObject({ code: "bad_url" });
  });
});

// Needs no MySQL server: runs everywhere.
describe("MySQL connector connect timeout", () => {
  it("gives up connecting after SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS", async () => {
    // A server that accepts TCP connections and never sends the handshake.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => {
      sockets.add(s);
      s.on("error", () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const saved = process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS;
    process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS = "300";
    try {
      const started = Date.now();
      const err = await testMysqlConnection(`mysql://root:pw-secret@127.0.0.1:${port}/db`).catch((e) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err.code).toBe("timeout");
      expect(err.message).toBe(`Timed out connecting to 127.0.0.1:${port}/db`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      if (saved === undefined) delete process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS;
      else process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS = saved;
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
