import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, instanceRecords, instances, syncSessions } from "@/db/schema";
import { toErrorBody } from "@/lib/errors";
import { createInstance } from "@/lib/instances/create";
import { deleteInstance } from "@/lib/instances/delete";
import { getInstance, listInstances } from "@/lib/instances/queries";
import { updateInstance } from "@/lib/instances/update";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

describe("deleting and editing an instance", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("instdel");
  });

  async function runWith(instanceId: string, status: "running" | "completed") {
    const [session] = await t.db
      .insert(syncSessions)
      .values({ syncType: "manual_batch", syncCategory: "account", status, totalInstances: 1 })
      .returning();
    await t.db
      .insert(instanceRecords)
      .values({ syncSessionId: session!.id, instanceId, status: status === "running" ? "running" : "completed" });
    return session!;
  }

  it("keeps the runs and records, with the name the instance had, and frees the name", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    const inst = await makePostgresInstance(t.db, t.url, "Old primary");
    const run = await runWith(inst.id, "completed");
    const res = await deleteInstance({ ctx, input: { instanceId: inst.id } });
    expect(res).toEqual({ id: inst.id, name: "Old primary", deleted: true, recordsKept: 1 });
    expect(await getInstance(t.db, inst.id)).toBeUndefined();
    expect((await listInstances(t.db)).map((i) => i.id)).not.toContain(inst.id);
    const kept = await getSyncSession(t.db, run.id);
    expect(kept.records.map((r) => r.instanceName)).toEqual(["Old primary"]);
    const [row] = await t.db.select().from(instances).where(eq(instances.id, inst.id));
    expect(row?.secretCiphertext).toBe("");
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, inst.id));
    expect(audit.map((a) => a.action)).toEqual(["instance.delete"]);
    expect(audit[0]?.details).toMatchObject({ name: "Old primary", recordsKept: 1 });
    // The name is free again; the deleted one cannot be edited or deleted twice.
    await createInstance({ ctx, input: { name: "old primary", kind: "postgres", connectionUrl: t.url } });
    expect(toErrorBody(await deleteInstance({ ctx, input: { instanceId: inst.id } }).catch((e) => e)).status).toBe(404);
    expect(toErrorBody(await updateInstance({ ctx, input: { instanceId: inst.id, name: "x" } }).catch((e) => e)).status).toBe(404);
  });

  it("refuses with 409 while a running sync session uses the instance", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const inst = await makePostgresInstance(t.db, t.url);
    const run = await runWith(inst.id, "running");
    const err = toErrorBody(await deleteInstance({ ctx, input: { instanceId: inst.id } }).catch((e) => e));
    expect(err.status).toBe(409);
    expect(err.body.error.message).toContain("running sync session");
    expect(await getInstance(t.db, inst.id)).toBeDefined();
    await t.db.update(syncSessions).set({ status: "completed" }).where(eq(syncSessions.id, run.id));
    expect((await deleteInstance({ ctx, input: { instanceId: inst.id } })).deleted).toBe(true);
  });

  it("lets only super admins delete; bad ids are 4xx", async () => {
    const inst = await makePostgresInstance(t.db, t.url);
    for (const role of ["ops", "viewer"] as const) {
      const err = toErrorBody(
        await deleteInstance({ ctx: makeCtx(t.db, await makeUser(t.db, role)), input: { instanceId: inst.id } }).catch((e) => e),
      );
      expect(err.status).toBe(403);
    }
    const admin = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    expect(toErrorBody(await deleteInstance({ ctx: admin, input: { instanceId: "nope" } }).catch((e) => e)).status).toBe(400);
    expect(await getInstance(t.db, inst.id)).toBeDefined();
  });

  it("replaces the connection URL without ever returning or auditing it", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const inst = await makePostgresInstance(t.db, t.url);
    const url = t.url.replace(/:\/\/([^:]+):([^@]+)@/, "://$1:s3cret-new@");
    const updated = await updateInstance({ ctx, input: { instanceId: inst.id, name: "Renamed", connectionUrl: url } });
    expect(JSON.stringify(updated)).not.toContain("s3cret-new");
    expect(updated.name).toBe("Renamed");
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, inst.id));
    expect(audit.map((a) => a.action)).toEqual(["instance.update"]);
    expect(JSON.stringify(audit)).not.toContain("s3cret-new");
  });
});
