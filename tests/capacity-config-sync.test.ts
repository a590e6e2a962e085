import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capacitySamples, upstreamAccounts, upstreamSettings } from "@/db/schema";
import {
  fetchPostgresAccounts,
  fetchPostgresCapacity,
  fetchPostgresConfig,
  testPostgresConnection,
  UpstreamError,
  type PostgresRolePrivileges,
} from "@/lib/connectors/postgres";
import type { CapacitySnapshot, SettingSnapshot, UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { applyAccountSnapshot } from "@/lib/sync/account-snapshot";
import { applyCapacitySnapshot } from "@/lib/sync/capacity-snapshot";
import { applyConfigSnapshot } from "@/lib/sync/config-snapshot";
import { accountSnapshotSchema, capacitySnapshotSchema, partitionValid, settingSnapshotSchema } from "@/lib/sync/validate";
import { makePostgresInstance } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";

// Roles are server-wide: the ones this file creates carry a prefix of its own.
const prefix = `sdc_${randomBytes(3).toString("hex")}`;

describe("capacity, config and account privilege sync (PostgreSQL)", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let admin: postgres.Sql;

  beforeAll(async () => {
    t = await useTestDatabase("capcfg");
    admin = postgres(t.serverUrl, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await withServerRoleLock(t.serverUrl, async () => {
      await admin.unsafe(`revoke all on database ${t.name} from ${prefix}_app`).catch(() => {});
      await admin.unsafe(`drop role if exists ${prefix}_app`);
    });
    await admin.end();
  });

  it("reads database sizes without templates", async () => {
    const capacity = await fetchPostgresCapacity(t.url);
    const names = capacity.map((c) => c.databaseName);
    expect(names).toContain(t.name);
    expect(names).not.toContain("template0");
    expect(names).not.toContain("template1");
    const mine = capacity.find((c) => c.databaseName === t.name);
    expect(mine?.bytes).toBeGreaterThan(1_000_000);
    expect(Number.isInteger(mine?.bytes)).toBe(true);
  });

  it("reads server settings with unit and source", async () => {
    const config = await fetchPostgresConfig(t.url);
    expect(config.length).toBeGreaterThan(200);
    expect(config.find((s) => s.name === "shared_buffers")).toMatchObject({ unit: "8kB", source: expect.any(String) });
    expect(config.find((s) => s.name === "max_connections")?.value).toMatch(/^\d+$/);
  });

  it("records capacity samples: counts against the previous sampling, keeps history, re-runs a record in place", async () => {
    const instance = await makePostgresInstance(t.db, t.url);
    const apply = (record: string | null, rows: CapacitySnapshot[]) =>
      t.db.transaction((tx) => applyCapacitySnapshot(tx, instance.id, record, rows));
    const samples = () =>
      t.db
        .select({ record: capacitySamples.instanceRecordId, db: capacitySamples.databaseName, bytes: capacitySamples.bytes })
        .from(capacitySamples)
        .where(eq(capacitySamples.instanceId, instance.id))
        .orderBy(asc(capacitySamples.id));

    const [r1, r2, r3, r4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const first: CapacitySnapshot[] = [
      { databaseName: "a", bytes: 100 },
      { databaseName: "b", bytes: 200 },
    ];
    expect(await apply(r1, first)).toEqual({ synced: 2, created: 2, updated: 0, deleted: 0 });
    expect(await apply(r2, first)).toEqual({ synced: 2, created: 0, updated: 0, deleted: 0 });
    // The same record again (a retry): same counts, its samples replaced rather than duplicated.
    expect(await apply(r2, first)).toEqual({ synced: 2, created: 0, updated: 0, deleted: 0 });
    expect(await samples()).toHaveLength(4);

    const changed: CapacitySnapshot[] = [
      { databaseName: "a", bytes: 150 },
      { databaseName: "c", bytes: 10 },
    ];
    expect(await apply(r3, changed)).toEqual({ synced: 2, created: 1, updated: 1, deleted: 1 });
    expect(await apply(r4, changed)).toEqual({ synced: 2, created: 0, updated: 0, deleted: 0 });
    // History of the vanished database stays.
    expect((await samples()).filter((s) => s.db === "b")).toHaveLength(2);

    // Re-running r4 when it sees less drops r4's stale sample, and counts against r3.
    expect(await apply(r4, [{ databaseName: "a", bytes: 150 }])).toEqual({ synced: 1, created: 0, updated: 0, deleted: 1 });
    expect((await samples()).filter((s) => s.record === r4)).toEqual([{ record: r4, db: "a", bytes: 150 }]);

    // A database that vanished and came back is created again.
    expect(
      await apply(randomUUID(), [
        { databaseName: "a", bytes: 150 },
        { databaseName: "b", bytes: 200 },
      ]),
    ).toEqual({
      synced: 2,
      created: 1,
      updated: 0,
      deleted: 0,
    });

    // Real sizes, taken once and applied by two runs: the second changes nothing.
    const real = await fetchPostgresCapacity(t.url);
    const other = await makePostgresInstance(t.db, t.url);
    const once = await t.db.transaction((tx) => applyCapacitySnapshot(tx, other.id, randomUUID(), real));
    expect(once).toEqual({ synced: real.length, created: real.length, updated: 0, deleted: 0 });
    const twice = await t.db.transaction((tx) => applyCapacitySnapshot(tx, other.id, randomUUID(), real));
    expect(twice).toEqual({ synced: real.length, created: 0, updated: 0, deleted: 0 });

    // Without a record id every call is a new sampling.
    const loose = await makePostgresInstance(t.db, t.url);
    await t.db.transaction((tx) => applyCapacitySnapshot(tx, loose.id, null, first));
    expect(await t.db.transaction((tx) => applyCapacitySnapshot(tx, loose.id, null, first))).toEqual({
      synced: 2,
      created: 0,
      updated: 0,
      deleted: 0,
    });
  });

  it("upserts settings: counts new, changed and vanished names, keeps vanished rows, is idempotent", async () => {
    const instance = await makePostgresInstance(t.db, t.url);
    const apply = (rows: SettingSnapshot[]) => t.db.transaction((tx) => applyConfigSnapshot(tx, instance.id, rows));
    const rowsOf = () => t.db.select().from(upstreamSettings).where(eq(upstreamSettings.instanceId, instance.id));

    const real = await fetchPostgresConfig(t.url);
    expect(await apply(real)).toEqual({ synced: real.length, created: real.length, updated: 0, deleted: 0 });
    const before = new Map((await rowsOf()).map((r) => [r.name, r]));
    expect(await apply(real)).toEqual({ synced: real.length, created: 0, updated: 0, deleted: 0 });
    expect(await rowsOf()).toHaveLength(real.length);

    const [changedName, goneName] = ["work_mem", "maintenance_work_mem"];
    const next = real
      .filter((s) => s.name !== goneName)
      .map((s) => (s.name === changedName ? { ...s, value: "123456", source: "configuration file" } : s))
      .concat({ name: "syncdeck.test_setting", value: "on", unit: null, source: "session" });
    expect(await apply(next)).toEqual({ synced: next.length, created: 1, updated: 1, deleted: 1 });
    expect(await apply(next)).toEqual({ synced: next.length, created: 0, updated: 0, deleted: 0 });

    const after = new Map((await rowsOf()).map((r) => [r.name, r]));
    expect(after.get(changedName)).toMatchObject({ value: "123456", source: "configuration file", deletedAt: null });
    expect(after.get(changedName)!.changedAt.getTime()).toBeGreaterThan(before.get(changedName)!.changedAt.getTime());
    expect(after.get("shared_buffers")!.changedAt).toEqual(before.get("shared_buffers")!.changedAt);
    expect(after.get(goneName)?.deletedAt).toBeInstanceOf(Date);
    expect(after.get(goneName)?.value).toBe(before.get(goneName)?.value);

    // A name that comes back is created again and no longer deleted.
    expect(await apply(real)).toEqual({ synced: real.length, created: 1, updated: 1, deleted: 1 });
    const back = await t.db
      .select({ name: upstreamSettings.name })
      .from(upstreamSettings)
      .where(and(eq(upstreamSettings.instanceId, instance.id), isNotNull(upstreamSettings.deletedAt)));
    expect(back.map((r) => r.name)).toEqual(["syncdeck.test_setting"]);

    expect(await apply([])).toEqual({ synced: 0, created: 0, updated: 0, deleted: real.length });
  });

  it("reads database-level grants of roles and counts a grant change as an account update", () =>
    withServerRoleLock(t.serverUrl, async () => {
      await admin.unsafe(`create role ${prefix}_app login`);
      await admin.unsafe(`grant connect, create on database ${t.name} to ${prefix}_app`);
      const mine = async () => (await fetchPostgresAccounts(t.url)).filter((a) => a.name.startsWith(prefix));

      const [app] = await mine();
      expect(app?.privileges).toEqual({
        databases: { [t.name]: ["CONNECT", "CREATE"] },
        schemas: {},
        bypassRls: false,
        inherit: true,
        adminOf: [],
      } satisfies PostgresRolePrivileges);
      const all = await fetchPostgresAccounts(t.url);
      for (const a of all) expect(Object.keys((a.privileges as PostgresRolePrivileges).databases)).not.toContain("template1");

      const instance = await makePostgresInstance(t.db, t.url);
      const apply = async () => t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance.id, await mine()));
      expect(await apply()).toEqual({ synced: 1, created: 1, updated: 0, deleted: 0 });
      expect(await apply()).toEqual({ synced: 1, created: 0, updated: 0, deleted: 0 });

      await admin.unsafe(`revoke create on database ${t.name} from ${prefix}_app`);
      await admin.unsafe(`grant temporary on database ${t.name} to ${prefix}_app`);
      expect(await apply()).toEqual({ synced: 1, created: 0, updated: 1, deleted: 0 });
      expect(await apply()).toEqual({ synced: 1, created: 0, updated: 0, deleted: 0 });

      const [row] = await t.db.select().from(upstreamAccounts).where(eq(upstreamAccounts.instanceId, instance.id));
      expect(row?.privileges).toMatchObject({ databases: { [t.name]: ["CONNECT", "TEMPORARY"] } });
    }));

  it("gives up connecting after SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS", async () => {
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
      const err = await testPostgresConnection(`postgres://u:pw-secret@127.0.0.1:${port}/db`).catch((e) => e);
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

describe("validation of upstream items", () => {
  const account: UpstreamAccountSnapshot = {
    name: "app",
    canLogin: true,
    superuser: false,
    createDb: false,
    createRole: false,
    replication: false,
    connectionLimit: -1,
    validUntil: null,
    memberOf: [],
    privileges: { databases: {} },
  };

  it("keeps valid accounts and reports invalid ones by name or position", () => {
    const rows: UpstreamAccountSnapshot[] = [
      account,
      { ...account, name: "" },
      { ...account, name: "bad-limit", connectionLimit: -5 },
      { ...account, name: "bad-date", validUntil: "not a date" },
      { ...account, name: " spaced " },
    ];
    const { valid, invalid } = partitionValid(rows, accountSnapshotSchema, (a) => a.name);
    expect(valid.map((a) => a.name)).toEqual(["app", " spaced "]);
    expect(valid[0]).toEqual(account);
    expect(invalid).toEqual([
      { item: "#2", error: "name: must not be empty" },
      { item: "bad-limit", error: expect.stringMatching(/^connectionLimit: /) },
      { item: "bad-date", error: "validUntil: is not a date" },
    ]);
  });

  it("rejects capacity rows with negative, fractional or NaN bytes", () => {
    const rows: CapacitySnapshot[] = [
      { databaseName: "ok", bytes: 8192 },
      { databaseName: "neg", bytes: -1 },
      { databaseName: "nan", bytes: Number.NaN },
      { databaseName: "frac", bytes: 1.5 },
      { databaseName: "inf", bytes: Number.POSITIVE_INFINITY },
    ];
    const { valid, invalid } = partitionValid(rows, capacitySnapshotSchema, (c) => c.databaseName);
    expect(valid).toEqual([{ databaseName: "ok", bytes: 8192 }]);
    expect(invalid.map((i) => i.item)).toEqual(["neg", "nan", "frac", "inf"]);
    expect(invalid[0]?.error).toBe("bytes: must not be negative");
  });

  it("rejects settings without a name or with a non-text value", () => {
    const rows = [
      { name: "work_mem", value: "4096", unit: "kB", source: "default" },
      { name: " ", value: "x", unit: null, source: null },
      { name: "odd", value: 42, unit: null, source: null },
    ] as unknown as SettingSnapshot[];
    const { valid, invalid } = partitionValid(rows, settingSnapshotSchema, (s) => s.name);
    expect(valid).toHaveLength(1);
    expect(invalid.map((i) => i.item)).toEqual(["#2", "odd"]);
  });
});
