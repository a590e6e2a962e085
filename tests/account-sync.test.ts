import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNotNull, like } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upstreamAccounts } from "@/db/schema";
import { fetchPostgresAccounts, testPostgresConnection, UpstreamError } from "@/lib/connectors/postgres";
import type { UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { pgErrorCode } from "@/lib/errors";
import { applyAccountSnapshot } from "@/lib/sync/account-snapshot";
import { makePostgresInstance } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";

// Roles are server-wide: this file is the only one that creates them, under a prefix of its own.
const prefix = `sd_${randomBytes(3).toString("hex")}`;

describe("PostgreSQL account sync", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let admin: postgres.Sql;

  beforeAll(async () => {
    t = await useTestDatabase("acct");
    admin = postgres(t.serverUrl, { max: 1, onnotice: () => {} });
    await withServerRoleLock(t.serverUrl, async () => {
      await admin.unsafe(`create role ${prefix}_group nologin`);
      await admin.unsafe(`create role ${prefix}_app login createdb connection limit 7 valid until '2031-02-03'`);
      await admin.unsafe(`create role ${prefix}_old login`);
      await admin.unsafe(`grant ${prefix}_group to ${prefix}_app`);
    });
  });

  afterAll(async () => {
    await withServerRoleLock(t.serverUrl, async () => {
      for (const r of ["app", "old", "group", "new"]) await admin.unsafe(`drop role if exists ${prefix}_${r}`);
    });
    await admin.end();
  });

  it("reads roles with attributes and memberships, without pg_ system roles", () =>
    withServerRoleLock(t.serverUrl, async () => {
      const accounts = await fetchPostgresAccounts(t.url);
      expect(accounts.some((a) => a.name.startsWith("pg_"))).toBe(false);
      const app = accounts.find((a) => a.name === `${prefix}_app`);
      expect(app).toMatchObject({ canLogin: true, createDb: true, superuser: false, connectionLimit: 7, memberOf: [`${prefix}_group`] });
      expect(app?.validUntil?.startsWith("2031-02-03")).toBe(true);
      const [row] = await admin<{ count: number }[]>`select count(*)::int as count from pg_roles where rolname !~ '^pg_'`;
      const count = row!.count;
      expect(accounts).toHaveLength(count);
    }));

  it("counts created, updated and deleted, and is idempotent", () =>
    withServerRoleLock(t.serverUrl, async () => {
      const instance = await makePostgresInstance(t.db, t.url);
      const mine = (s: Awaited<ReturnType<typeof fetchPostgresAccounts>>) => s.filter((a) => a.name.startsWith(prefix));

      const first = await t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance.id, mine(await fetchPostgresAccounts(t.url))));
      expect(first).toEqual({ synced: 3, created: 3, updated: 0, deleted: 0 });

      const again = await t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance.id, mine(await fetchPostgresAccounts(t.url))));
      expect(again).toEqual({ synced: 3, created: 0, updated: 0, deleted: 0 });
      const rows = await t.db.select().from(upstreamAccounts).where(eq(upstreamAccounts.instanceId, instance.id));
      expect(rows).toHaveLength(3);

      await admin.unsafe(`alter role ${prefix}_app connection limit 9`);
      await admin.unsafe(`drop role ${prefix}_old`);
      await admin.unsafe(`create role ${prefix}_new login`);
      const third = await t.db.transaction(async (tx) => applyAccountSnapshot(tx, instance.id, mine(await fetchPostgresAccounts(t.url))));
      expect(third).toEqual({ synced: 3, created: 1, updated: 1, deleted: 1 });

      const deleted = await t.db
        .select({ name: upstreamAccounts.name })
        .from(upstreamAccounts)
        .where(and(eq(upstreamAccounts.instanceId, instance.id), isNotNull(upstreamAccounts.deletedAt)));
      expect(deleted.map((d) => d.name)).toEqual([`${prefix}_old`]);
      const [app] = await t.db
        .select()
        .from(upstreamAccounts)
        .where(like(upstreamAccounts.name, `${prefix}_app`));
      expect(app?.connectionLimit).toBe(9);
    }));

  it("stores the fingerprints earlier versions stored, on the JSON and both COPY paths, and counts a mix of new, changed, revived and gone accounts", async () => {
    const instance = await makePostgresInstance(t.db, "postgres://x:y@127.0.0.1:1/none", `fp-${prefix}`);
    // Fingerprints computed with the code before the COPY-straight-in change: an upgrade must not see every account as updated.
    const pinned = {
      app_user: "a93381ec97f66c1ec6153f596c033f8512973431",
      "weird\ttab\\name": "2c0ebcd5bdae7537701581096bdba1671e9abe66",
    };
    const special: UpstreamAccountSnapshot[] = [
      {
        name: "app_user",
        canLogin: true,
        superuser: false,
        createDb: true,
        createRole: false,
        replication: false,
        connectionLimit: 7,
        validUntil: "2031-02-03T00:00:00.000Z",
        memberOf: ["group_a", "group,b"],
        privileges: { tables: { orders: ["SELECT", "INSERT"] }, schemas: ["public"] },
      },
      {
        name: "weird\ttab\\name",
        canLogin: false,
        superuser: true,
        createDb: false,
        createRole: true,
        replication: true,
        connectionLimit: -1,
        validUntil: null,
        memberOf: [],
        privileges: null as never,
      },
    ];
    const filler = (n: number, from = 0, login = true): UpstreamAccountSnapshot[] =>
      Array.from({ length: n }, (_, i) => ({
        name: `bulk_${String(from + i).padStart(5, "0")}`,
        canLogin: login,
        superuser: false,
        createDb: false,
        createRole: false,
        replication: false,
        connectionLimit: -1,
        validUntil: null,
        memberOf: ["readers"],
        privileges: { schemas: ["public"] },
      }));
    const stored = async () =>
      new Map((await t.db.select().from(upstreamAccounts).where(eq(upstreamAccounts.instanceId, instance.id))).map((r) => [r.name, r]));
    const fingerprintsOk = async () => {
      const rows = await stored();
      for (const [name, fp] of Object.entries(pinned)) expect(rows.get(name)?.fingerprint).toBe(fp);
    };

    // Small snapshot: the JSON path.
    expect(await applyAccountSnapshot(t.db, instance.id, special)).toEqual({ synced: 2, created: 2, updated: 0, deleted: 0 });
    await fingerprintsOk();
    // 800 new accounts beside the 2 stored: COPY straight into the table for the new ones, the stored ones upserted.
    expect(await applyAccountSnapshot(t.db, instance.id, [...special, ...filler(800)])).toEqual({
      synced: 802,
      created: 800,
      updated: 0,
      deleted: 0,
    });
    await fingerprintsOk();
    // Same again: nothing changes.
    expect(await applyAccountSnapshot(t.db, instance.id, [...special, ...filler(800)])).toEqual({
      synced: 802,
      created: 0,
      updated: 0,
      deleted: 0,
    });
    // 300 gone, 100 changed, 600 new; then the 300 come back (revived: created again) beside the rest.
    const changed = [...filler(100, 0, false), ...filler(400, 100), ...filler(600, 800)];
    expect(await applyAccountSnapshot(t.db, instance.id, [...special, ...changed])).toEqual({
      synced: 1102,
      created: 600,
      updated: 100,
      deleted: 300,
    });
    const rows = await stored();
    expect(rows.get("bulk_00000")).toMatchObject({ canLogin: false, deletedAt: null });
    expect(rows.get("bulk_00700")?.deletedAt).not.toBeNull();
    expect(await applyAccountSnapshot(t.db, instance.id, [...special, ...changed, ...filler(300, 500)])).toEqual({
      synced: 1402,
      created: 300,
      updated: 0,
      deleted: 0,
    });
    expect([...(await stored()).values()].filter((r) => r.deletedAt === null)).toHaveLength(1402);
    await fingerprintsOk();
    // Nothing stored twice.
    expect(await t.db.$count(upstreamAccounts, eq(upstreamAccounts.instanceId, instance.id))).toBe(1402);
  });

  it("a COPY the database refuses after its last row fails the sync instead of hanging it", async () => {
    // No such instance: the foreign key is checked at the end of the COPY, after every row was sent.
    const accounts: UpstreamAccountSnapshot[] = Array.from({ length: 600 }, (_, i) => ({
      name: `orphan_${i}`,
      canLogin: true,
      superuser: false,
      createDb: false,
      createRole: false,
      replication: false,
      connectionLimit: -1,
      validUntil: null,
      memberOf: [],
    }));
    const err = await applyAccountSnapshot(t.db, randomUUID(), accounts).then(
      () => null,
      (e: unknown) => e,
    );
    expect(pgErrorCode(err)).toBe("23503");
    // The pool is still usable.
    expect(await t.db.$count(upstreamAccounts, like(upstreamAccounts.name, "orphan_%"))).toBe(0);
  }, 20_000);

  it("turns connection failures into short readable messages without the password", async () => {
    const refused = "postgres://someone:hunter2-secret@127.0.0.1:1/nope";
    const err = await testPostgresConnection(refused).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("network");
    expect(err.message).toMatch(/Connection refused by 127\.0\.0\.1:1\/nope/);
    expect(err.message).not.toContain("hunter2");

    const badPassword = new URL(t.url);
    badPassword.password = "wrong-password-xyz";
    const authErr = await testPostgresConnection(badPassword.toString()).catch((e) => e);
    expect(authErr.code).toBe("auth");
    expect(authErr.message).toMatch(/Authentication failed/);
    expect(authErr.message).not.toContain("wrong-password-xyz");
  });
});
