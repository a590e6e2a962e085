import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, instances } from "@/db/schema";
import { toErrorBody } from "@/lib/errors";
import { createInstance } from "@/lib/instances/create";
import { listInstances } from "@/lib/instances/queries";
import { setInstanceEnabled } from "@/lib/instances/set-enabled";
import { testInstanceConnection } from "@/lib/instances/test-connection";
import { makeCtx, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

describe("instances", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("inst");
  });

  it("stores the connection URL encrypted and never returns it", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const url = t.url.replace("postgres://", "postgresql://");
    const created = await createInstance({ ctx: makeCtx(t.db, admin), input: { name: "Primary", kind: "postgres", connectionUrl: url } });
    expect(created).not.toHaveProperty("secretCiphertext");
    expect(JSON.stringify(created)).not.toContain(new URL(url).password);
    const [stored] = await t.db.select().from(instances).where(eq(instances.id, created.id));
    expect(stored?.secretCiphertext).not.toContain(new URL(url).password);
    expect(stored?.endpoint).toBe(`127.0.0.1:${new URL(url).port}/${t.name}`);
    const listed = await listInstances(t.db);
    expect(JSON.stringify(listed)).not.toContain(new URL(url).password);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(audit.map((a) => a.action)).toEqual(["instance.create"]);
    expect(JSON.stringify(audit)).not.toContain(new URL(url).password);
  });

  it("rejects duplicates and bad URLs with clear 4xx errors", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    await createInstance({ ctx, input: { name: "dupe", kind: "postgres", connectionUrl: t.url } });
    const dup = toErrorBody(await createInstance({ ctx, input: { name: "DUPE", kind: "postgres", connectionUrl: t.url } }).catch((e) => e));
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/already exists/);
    const bad = toErrorBody(
      await createInstance({ ctx, input: { name: "x", kind: "postgres", connectionUrl: "http://nope" } }).catch((e) => e),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/postgres:\/\//);
    const noName = toErrorBody(
      await createInstance({ ctx, input: { name: "  ", kind: "postgres", connectionUrl: t.url } }).catch((e) => e),
    );
    expect(noName.status).toBe(400);
  });

  it("lets only super admins add or toggle, and ops test connections", async () => {
    const ops = await makeUser(t.db, "ops");
    const viewer = await makeUser(t.db, "viewer");
    const admin = await makeUser(t.db, "super_admin");
    const before = await t.db.$count(instances);
    for (const actor of [ops, viewer]) {
      const err = toErrorBody(
        await createInstance({ ctx: makeCtx(t.db, actor), input: { name: "nope", kind: "postgres", connectionUrl: t.url } }).catch(
          (e) => e,
        ),
      );
      expect(err.status).toBe(403);
    }
    expect(await t.db.$count(instances)).toBe(before);

    const inst = await createInstance({ ctx: makeCtx(t.db, admin), input: { name: "toggle-me", kind: "postgres", connectionUrl: t.url } });
    const opsToggle = toErrorBody(
      await setInstanceEnabled({ ctx: makeCtx(t.db, ops), input: { instanceId: inst.id, enabled: false } }).catch((e) => e),
    );
    expect(opsToggle.status).toBe(403);
    const off = await setInstanceEnabled({ ctx: makeCtx(t.db, admin), input: { instanceId: inst.id, enabled: false } });
    expect(off.enabled).toBe(false);

    const ok = await testInstanceConnection({ ctx: makeCtx(t.db, ops), input: { instanceId: inst.id } });
    expect(ok).toEqual({ ok: true, message: expect.stringMatching(/^Connected: PostgreSQL \d+/) });
    const viewerTest = toErrorBody(
      await testInstanceConnection({ ctx: makeCtx(t.db, viewer), input: { instanceId: inst.id } }).catch((e) => e),
    );
    expect(viewerTest.status).toBe(403);
  });

  it("records a failed connection test with a readable message", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const inst = await createInstance({
      ctx: makeCtx(t.db, admin),
      input: { name: "down", kind: "postgres", connectionUrl: "postgres://u:pw-should-not-leak@127.0.0.1:1/db" },
    });
    const result = await testInstanceConnection({ ctx: makeCtx(t.db, admin), input: { instanceId: inst.id } });
    expect(result.ok).toBe(false);
    expect(result.message).toBe("Connection refused by 127.0.0.1:1/db: is the server running and listening there?");
    const [row] = await listInstances(t.db).then((l) => l.filter((i) => i.id === inst.id));
    expect(row).toMatchObject({ lastTestOk: false, lastTestMessage: result.message });
    const missing = toErrorBody(
      await testInstanceConnection({ ctx: makeCtx(t.db, admin), input: { instanceId: "00000000-0000-4000-8000-000000000000" } }).catch(
        (e) => e,
      ),
    );
    expect(missing.status).toBe(404);
  });
});
