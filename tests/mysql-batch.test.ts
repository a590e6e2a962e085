import mysql from "mysql2/promise";
import { describe, expect, it, beforeAll } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { capacitySamples, upstreamAccounts, upstreamSettings } from "@/db/schema";
import { createInstance } from "@/lib/instances/create";
import { testInstanceConnection } from "@/lib/instances/test-connection";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { makeRunner, waitFor } from "./helpers/runner";

const rootUrl = process.env.SYNCDECK_TEST_MYSQL_URL ?? "mysql://root:@127.0.0.1:3306";

async function probe(): Promise<string | null> {
  try {
    const c = await mysql.createConnection({ uri: rootUrl, connectTimeout: 3_000 });
    await c.end();
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
const unreachable = await probe();
if (unreachable) console.warn(`skipped: MySQL batch tests — no MySQL/MariaDB server at ${new URL(rootUrl).host} (${unreachable})`);

describe.skipIf(unreachable !== null)("batch sync of a MySQL instance (MariaDB)", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("mybatch");
  });

  it("adds a mysql instance, tests it, and syncs every category through the engine", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    const inst = await createInstance({ ctx, input: { name: "maria", kind: "mysql", connectionUrl: `${rootUrl}/mysql` } });
    expect(inst.endpoint).toMatch(/:3306\/mysql$/);
    expect(await testInstanceConnection({ ctx, input: { instanceId: inst.id } })).toEqual({
      ok: true,
      message: expect.stringMatching(/^Connected: (MariaDB|MySQL) \d+/),
    });

    const runner = makeRunner(t);
    await runner.start();
    try {
      const run = async (category: "account" | "capacity" | "config") => {
        const s = await startBatch({ ctx, input: { category, instanceIds: [inst.id] } });
        return waitFor(async () => {
          const d = await getSyncSession(t.db, s.id);
          return d.status !== "running" && d;
        }, `${category} run`);
      };
      const accounts = await run("account");
      expect(accounts.records[0]).toMatchObject({ status: "completed" });
      const live = await t.db.$count(upstreamAccounts, and(eq(upstreamAccounts.instanceId, inst.id), isNull(upstreamAccounts.deletedAt)));
      expect(accounts.records[0]!.itemsSynced).toBe(live);
      expect(live).toBeGreaterThan(0);
      const root = await t.db
        .select()
        .from(upstreamAccounts)
        .where(and(eq(upstreamAccounts.instanceId, inst.id), eq(upstreamAccounts.name, "root@localhost")));
      expect(root[0]?.superuser).toBe(true);

      const config1 = await run("config");
      expect(config1.records[0]).toMatchObject({ status: "completed" });
      expect(config1.records[0]!.itemsCreated).toBe(config1.records[0]!.itemsSynced);
      const config2 = await run("config");
      expect(config2.records[0]).toMatchObject({ itemsCreated: 0, itemsDeleted: 0 });
      expect(await t.db.$count(upstreamSettings, eq(upstreamSettings.instanceId, inst.id))).toBe(config1.records[0]!.itemsSynced);

      const cap = await run("capacity");
      expect(cap.records[0]!.itemsSynced).toBeGreaterThan(0);
      expect(await t.db.$count(capacitySamples, eq(capacitySamples.instanceId, inst.id))).toBe(cap.records[0]!.itemsSynced);
    } finally {
      await runner.stop();
    }
  });

  it("fails a bad password with a readable message and no secret", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    const u = new URL(rootUrl);
    u.username = "root";
    u.password = "definitely-wrong-pw";
    const inst = await createInstance({ ctx, input: { name: "maria-bad", kind: "mysql", connectionUrl: u.toString() } });
    const result = await testInstanceConnection({ ctx, input: { instanceId: inst.id } });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Authentication failed|denied/i);
    expect(result.message).not.toContain("definitely-wrong-pw");
  });
});
