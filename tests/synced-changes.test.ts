import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceRecords, syncedChanges, syncSessions } from "@/db/schema";
import { fetchPostgresAccounts, fetchPostgresCapacity, fetchPostgresConfig } from "@/lib/connectors/postgres";
import { cleanupOldData } from "@/lib/retention/cleanup";
import { applyAccountSnapshot } from "@/lib/sync/account-snapshot";
import { applyCapacitySnapshot } from "@/lib/sync/capacity-snapshot";
import { applyConfigSnapshot } from "@/lib/sync/config-snapshot";
import {
  getAccount,
  instanceCapacity,
  listAccounts,
  listInstanceAccounts,
  listInstanceSettings,
  listRecordChanges,
  listSessionChanges,
} from "@/lib/synced-data/queries";
import { makePostgresInstance } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";

// Roles are server-wide: the ones this file creates carry a prefix of its own.
const p = `sd_synced_data_${randomBytes(3).toString("hex")}`;
const ROLES = ["group", "admin", "ro", "app", "noinh", "d1", "d2", "d3", "n1", "n2"].map((r) => `${p}_${r}`);

describe("change history against a real PostgreSQL", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let admin: postgres.Sql;
  let inDb: postgres.Sql;

  beforeAll(async () => {
    t = await useTestDatabase("chg");
    admin = postgres(t.serverUrl, { max: 1, onnotice: () => {} });
    inDb = postgres(t.url, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await withServerRoleLock(t.serverUrl, async () => {
      await inDb.unsafe(`drop schema if exists ${p}_s cascade`).catch(() => {});
      for (const r of ROLES) {
        await admin.unsafe(`revoke all on database ${t.name} from ${r}`).catch(() => {});
        await admin.unsafe(`drop role if exists ${r}`);
      }
    });
    await inDb.end();
    await admin.end();
  });

  /** A run and one record of it, as create-session makes them. */
  async function newRecord(instanceId: string, category: "account" | "capacity" | "config") {
    const [s] = await t.db
      .insert(syncSessions)
      .values({ syncType: "manual_batch", syncCategory: category, totalInstances: 1 })
      .returning({ id: syncSessions.id });
    const [r] = await t.db
      .insert(instanceRecords)
      .values({ syncSessionId: s!.id, instanceId, instanceName: "pg-at-run-time", status: "running" })
      .returning({ id: instanceRecords.id });
    return { sessionId: s!.id, recordId: r!.id };
  }

  const mine = async () => (await fetchPostgresAccounts(t.url)).filter((a) => a.name.startsWith(p));

  it("stores what pg_roles, pg_auth_members and has_schema_privilege say, then records exactly the 9 changes of drop 3, alter 4, create 2", () =>
    withServerRoleLock(t.serverUrl, async () => {
      await admin.unsafe(`create role ${p}_group nologin`);
      await admin.unsafe(`create role ${p}_admin login createrole bypassrls`);
      await admin.unsafe(`create role ${p}_ro login connection limit 3 valid until 'infinity'`);
      await admin.unsafe(`create role ${p}_app login createdb valid until '2031-02-03 00:00:00+00'`);
      await admin.unsafe(`create role ${p}_noinh nologin noinherit`);
      for (const d of ["d1", "d2", "d3"]) await admin.unsafe(`create role ${p}_${d} login`);
      await admin.unsafe(`grant ${p}_group to ${p}_app with admin option`);
      await admin.unsafe(`grant ${p}_group to ${p}_ro`);
      await admin.unsafe(`grant connect on database ${t.name} to ${p}_ro`);
      await inDb.unsafe(`create schema ${p}_s`);
      await inDb.unsafe(`grant usage on schema ${p}_s to ${p}_ro`);
      await inDb.unsafe(`grant usage, create on schema ${p}_s to ${p}_app`);
      await inDb.unsafe(`grant create on schema ${p}_s to ${p}_group`);

      const instance = await makePostgresInstance(t.db, t.url);
      const sync = async (recordId: string) =>
        t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance.id, await mine(), { recordId }));

      const run1 = await newRecord(instance.id, "account");
      expect(await sync(run1.recordId)).toEqual({ synced: 8, created: 8, updated: 0, deleted: 0 });

      // What we show equals what the server's catalogs say, role by role.
      const { items } = await listInstanceAccounts(t.db, instance.id, { limit: "100" });
      const truth = await inDb<
        {
          rolname: string;
          rolcanlogin: boolean;
          rolsuper: boolean;
          rolcreatedb: boolean;
          rolcreaterole: boolean;
          rolreplication: boolean;
          rolbypassrls: boolean;
          rolinherit: boolean;
          rolconnlimit: number;
          valid: string | null;
        }[]
      >`select rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolinherit, rolconnlimit,
               rolvaliduntil::text as valid
        from pg_roles where rolname like ${`${p}%`} order by rolname`;
      expect(items.map((a) => a.name)).toEqual(truth.map((r) => r.rolname));
      // Through its group, ro can CREATE in the schema: derived when read, not stored as its own grant.
      const ro = items.find((a) => a.name === `${p}_ro`)!;
      expect(ro.inherited.roles).toEqual([`${p}_group`]);
      expect(ro.inherited.schemas).toEqual({ [`${p}_s`]: ["CREATE"] });
      expect(JSON.stringify(ro.privileges)).not.toContain("CREATE");
      for (const r of truth) {
        const a = items.find((x) => x.name === r.rolname)!;
        expect(a).toMatchObject({
          canLogin: r.rolcanlogin,
          superuser: r.rolsuper,
          createDb: r.rolcreatedb,
          createRole: r.rolcreaterole,
          replication: r.rolreplication,
          bypassRls: r.rolbypassrls,
          inherit: r.rolinherit,
          connectionLimit: r.rolconnlimit,
          kind: r.rolcanlogin ? "user" : "role",
        });
        if (r.valid === null) expect(a.validUntil).toBeNull();
        else if (r.valid === "infinity") expect(a.validUntil).toBe("infinity");
        else expect(Date.parse(a.validUntil!)).toBe(Date.parse(r.valid));
      }
      const members = await inDb<{ member: string; role: string; admin: boolean }[]>`
        select m.rolname as member, g.rolname as role, am.admin_option as admin
        from pg_auth_members am join pg_roles m on m.oid = am.member join pg_roles g on g.oid = am.roleid
        where m.rolname like ${`${p}%`}`;
      for (const a of items) {
        expect(a.memberOf).toEqual(
          members
            .filter((m) => m.member === a.name)
            .map((m) => m.role)
            .sort(),
        );
        expect(a.adminOf).toEqual(
          members
            .filter((m) => m.member === a.name && m.admin)
            .map((m) => m.role)
            .sort(),
        );
        for (const priv of ["USAGE", "CREATE"]) {
          const [h] = await inDb<{ has: boolean }[]>`select has_schema_privilege(${a.name}, ${`${p}_s`}, ${priv}) as has`;
          // The roles here get schema rights by direct grant or through an INHERIT membership (no
          // superuser, no PUBLIC grant on this schema): the two together are what the server grants.
          const direct = ((a.privileges.schemas as Record<string, string[]>)[`${p}_s`] ?? []).includes(priv);
          const inherited = (a.inherited.schemas[`${p}_s`] ?? []).includes(priv);
          expect(direct || inherited, `${a.name} ${priv}`).toBe(h!.has);
        }
      }
      // VALID UNTIL 'infinity' is not "never set".
      expect(items.find((a) => a.name === `${p}_ro`)?.validUntil).toBe("infinity");
      expect(items.find((a) => a.name === `${p}_admin`)?.validUntil).toBeNull();

      // Drop 3, alter 4 (one attribute of a different kind each), create 2.
      for (const d of ["d1", "d2", "d3"]) await admin.unsafe(`drop role ${p}_${d}`);
      await admin.unsafe(`alter role ${p}_admin nobypassrls`);
      await admin.unsafe(`alter role ${p}_ro connection limit 5`);
      await inDb.unsafe(`revoke create on schema ${p}_s from ${p}_app`);
      await admin.unsafe(`alter role ${p}_noinh inherit`);
      await admin.unsafe(`create role ${p}_n1 login createdb`);
      await admin.unsafe(`create role ${p}_n2 nologin in role ${p}_group`);

      const run2 = await newRecord(instance.id, "account");
      expect(await sync(run2.recordId)).toEqual({ synced: 7, created: 2, updated: 4, deleted: 3 });
      const changes = await listRecordChanges(t.db, run2.recordId, {});
      const summary = Object.fromEntries(
        changes.items.map((c) => [
          c.item.slice(p.length + 1),
          [c.change, Object.fromEntries(c.attributes.map((a) => [a.name, [a.before, a.after]]))],
        ]),
      );
      expect(summary).toEqual({
        d1: ["deleted", { canLogin: [true, null], inherit: [true, null] }],
        d2: ["deleted", { canLogin: [true, null], inherit: [true, null] }],
        d3: ["deleted", { canLogin: [true, null], inherit: [true, null] }],
        admin: ["updated", { bypassRls: [true, false] }],
        ro: ["updated", { connectionLimit: [3, 5] }],
        app: ["updated", { schemas: [{ [`${p}_s`]: ["CREATE", "USAGE"] }, { [`${p}_s`]: ["USAGE"] }] }],
        noinh: ["updated", { inherit: [false, true] }],
        n1: ["created", { canLogin: [null, true], createDb: [null, true], inherit: [null, true] }],
        n2: ["created", { memberOf: [null, [`${p}_group`]], inherit: [null, true] }],
      });
      expect(changes.items.every((c) => c.instanceName === "pg-at-run-time")).toBe(true);
      // The same through the run, filtered.
      expect((await listSessionChanges(t.db, run2.sessionId, { change: "updated" })).items.map((c) => c.item).sort()).toEqual(
        ["admin", "app", "noinh", "ro"].map((r) => `${p}_${r}`),
      );

      // A re-run of the step writes no second change; an unchanged run writes none.
      await sync(run2.recordId);
      const run3 = await newRecord(instance.id, "account");
      expect(await sync(run3.recordId)).toEqual({ synced: 7, created: 0, updated: 0, deleted: 0 });
      const count = async (sessionId: string) =>
        (await t.db.select({ n: sql<number>`count(*)::int` }).from(syncedChanges).where(eq(syncedChanges.syncSessionId, sessionId)))[0]!.n;
      expect(await count(run2.sessionId)).toBe(9);
      expect(await count(run3.sessionId)).toBe(0);

      // The fleet's list and an account's timeline.
      const noBypass = await listAccounts(t.db, { instanceId: instance.id, bypassRls: "false", q: p });
      expect(noBypass.items.map((a) => a.name)).toContain(`${p}_admin`);
      const withUsage = await listAccounts(t.db, { privilege: "usage", on: `${p}_s` });
      expect(withUsage.items.map((a) => a.name).sort()).toEqual([`${p}_app`, `${p}_ro`]);
      const connect = await listAccounts(t.db, { privilege: "CONNECT", on: t.name, instanceId: instance.id });
      expect(connect.items.map((a) => a.name)).toEqual([`${p}_ro`]);
      const gone = await listInstanceAccounts(t.db, instance.id, { deleted: "true" });
      expect(gone.items.map((a) => a.name)).toEqual(["d1", "d2", "d3"].map((d) => `${p}_${d}`));
      const adminRow = withUsage.items.length ? (await listAccounts(t.db, { q: `${p}_admin` })).items[0]! : null;
      const timeline = (await getAccount(t.db, adminRow!.id)).timeline;
      expect(timeline.map((c) => c.change)).toEqual(["updated", "created"]);
      expect(timeline[0]!.attributes).toEqual([{ name: "bypassRls", before: true, after: false }]);

      // Retention removes a run's changes with it.
      await t.db
        .update(syncSessions)
        .set({ status: "completed", startedAt: new Date(Date.now() - 40 * 86_400_000) })
        .where(eq(syncSessions.id, run2.sessionId));
      await cleanupOldData(t.db, 30, 0);
      expect(await count(run2.sessionId)).toBe(0);
      expect(await count(run1.sessionId)).toBe(8);
    }));

  it("capacity matches pg_database_size and records size changes; settings match a fresh connection's SHOW", async () => {
    const instance = await makePostgresInstance(t.db, t.url);
    const r1 = await newRecord(instance.id, "capacity");
    const sizes = (await fetchPostgresCapacity(t.url)).filter((c) => c.databaseName === t.name);
    const [truth] = await admin<{ bytes: string }[]>`select pg_database_size(${t.name})::text as bytes`;
    // The database is in use by this test's pool: allow for a few pages written in between.
    expect(Math.abs(sizes[0]!.bytes - Number(truth!.bytes))).toBeLessThan(1_000_000);
    await t.db.transaction((tx) => applyCapacitySnapshot(tx, instance.id, r1.recordId, sizes));
    const r2 = await newRecord(instance.id, "capacity");
    const grown = [{ databaseName: t.name, bytes: sizes[0]!.bytes + 8192 }];
    expect(await t.db.transaction((tx) => applyCapacitySnapshot(tx, instance.id, r2.recordId, grown))).toMatchObject({ updated: 1 });
    // A re-run of the record rewrites its one change, no second row.
    await t.db.transaction((tx) => applyCapacitySnapshot(tx, instance.id, r2.recordId, grown));
    const changes = await listRecordChanges(t.db, r2.recordId, { kind: "database" });
    expect(changes.items).toHaveLength(1);
    expect(changes.items[0]!.attributes[0]).toMatchObject({
      name: "bytes",
      before: sizes[0]!.bytes,
      after: sizes[0]!.bytes + 8192,
      delta: 8192,
    });
    const series = await instanceCapacity(t.db, instance.id, {});
    expect(series.databases[0]!.points.map((pt) => pt.bytes)).toEqual([sizes[0]!.bytes, sizes[0]!.bytes + 8192]);

    // Settings: what a new session gets, not the values of Syncdeck's own session.
    const config = await fetchPostgresConfig(t.url);
    const fresh = postgres(t.url, { max: 1, onnotice: () => {}, connection: { application_name: "" } });
    try {
      for (const name of ["statement_timeout", "work_mem", "max_connections", "shared_buffers", "search_path"]) {
        const [row] = await fresh.unsafe(`select setting from pg_settings where name = '${name}'`);
        expect(config.find((s) => s.name === name)?.value, name).toBe(row!.setting);
      }
      expect(config.find((s) => s.name === "application_name")).toMatchObject({ value: "", source: "default" });
      expect(config.some((s) => s.source === "client")).toBe(false);
    } finally {
      await fresh.end();
    }
    const c1 = await newRecord(instance.id, "config");
    await t.db.transaction((tx) => applyConfigSnapshot(tx, instance.id, config, { recordId: c1.recordId }));
    const c2 = await newRecord(instance.id, "config");
    const changed = config.map((s) => (s.name === "work_mem" ? { ...s, value: "65536" } : s));
    await t.db.transaction((tx) => applyConfigSnapshot(tx, instance.id, changed, { recordId: c2.recordId }));
    const settingChanges = await listRecordChanges(t.db, c2.recordId, {});
    expect(settingChanges.items.map((c) => [c.item, c.change, c.attributes])).toEqual([
      ["work_mem", "updated", [{ name: "value", before: config.find((s) => s.name === "work_mem")!.value, after: "65536" }]],
    ]);
    const settings = await listInstanceSettings(t.db, instance.id, { q: "work_mem" });
    expect(settings.items.find((s) => s.name === "work_mem")).toMatchObject({ value: "65536", unit: "kB" });
  });
});
