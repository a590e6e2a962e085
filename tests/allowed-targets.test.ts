import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { alertDeliveries, alertRules, instanceRecords, instances } from "@/db/schema";
import { createAlertRule } from "@/lib/alerts/create";
import { attemptDelivery } from "@/lib/alerts/deliver";
import { sendTestAlert } from "@/lib/alerts/send-test";
import { updateAlertRule } from "@/lib/alerts/update";
import { toErrorBody } from "@/lib/errors";
import { createGameServerClient } from "@/lib/game-server/client";
import { createInstance } from "@/lib/instances/create";
import { testInstanceConnection } from "@/lib/instances/test-connection";
import { updateInstance } from "@/lib/instances/update";
import { targetProblem } from "@/lib/security/allowed-targets";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { makeRunner, waitFor } from "./helpers/runner";

/** A loopback HTTP server on `host` that counts requests and TCP connections and answers 200. */
async function counter(host: string) {
  let connections = 0;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = "/") => `http://${host}:${port}${path}`,
    connections: () => connections,
    requests: () => requests,
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

const SECRET = "allowed-targets-secret-0123";

describe("SYNCDECK_ALLOWED_TARGETS", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let local: Awaited<ReturnType<typeof counter>>;
  let allowed: Awaited<ReturnType<typeof counter>>;
  beforeAll(async () => {
    t = await useTestDatabase("targets");
    local = await counter("127.0.0.1");
    allowed = await counter("127.0.0.2");
  });
  afterEach(() => {
    delete process.env.SYNCDECK_ALLOWED_TARGETS;
  });
  afterAll(async () => {
    await local?.close();
    await allowed?.close();
  });

  it("parses hosts, CIDRs and names; unset allows everything", async () => {
    expect(await targetProblem("127.0.0.1")).toBeNull();
    process.env.SYNCDECK_ALLOWED_TARGETS = "127.0.0.2/32, 10.0.0.0/8, db.internal, *.corp.example, ::1";
    expect(await targetProblem("127.0.0.2")).toBeNull();
    expect(await targetProblem("10.20.30.40")).toBeNull();
    expect(await targetProblem("DB.internal")).toBeNull();
    expect(await targetProblem("pg.eu.corp.example")).toBeNull();
    expect(await targetProblem("[::1]")).toBeNull();
    expect(await targetProblem("127.0.0.1")).toBe("127.0.0.1 is not an allowed target (SYNCDECK_ALLOWED_TARGETS)");
    expect(await targetProblem("11.0.0.1")).toMatch(/not an allowed target/);
    // A name not listed is judged by what it resolves to: localhost is 127.0.0.1 (and ::1).
    expect(await targetProblem("localhost")).toMatch(/not an allowed target/);
    process.env.SYNCDECK_ALLOWED_TARGETS = "127.0.0.0/8,::1";
    expect(await targetProblem("localhost")).toBeNull();
  });

  it("database instances: refused on create and update (400, nothing stored), and at connect time", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    // Saved while everything was allowed; the policy then changes.
    const old = await createInstance({ ctx, input: { name: "pg-local", kind: "postgres", connectionUrl: t.url } });
    process.env.SYNCDECK_ALLOWED_TARGETS = "127.0.0.2/32";
    const host = new URL(t.url).hostname;

    for (const kind of ["postgres", "mysql"] as const) {
      const url = `${kind}://u:p@127.0.0.1:5/db`;
      const res = toErrorBody(await createInstance({ ctx, input: { name: `refused-${kind}`, kind, connectionUrl: url } }).catch((e) => e));
      expect(res).toMatchObject({
        status: 400,
        body: { error: { message: "127.0.0.1 is not an allowed target (SYNCDECK_ALLOWED_TARGETS)", details: [{ path: "connectionUrl" }] } },
      });
    }
    expect(await t.db.$count(instances, eq(instances.name, "refused-postgres"))).toBe(0);
    const ok = await createInstance({
      ctx,
      input: { name: "pg-allowed", kind: "postgres", connectionUrl: "postgres://u:p@127.0.0.2:5/db" },
    });
    expect(ok.endpoint).toBe("127.0.0.2:5/db");
    const upd = toErrorBody(
      await updateInstance({ ctx, input: { instanceId: ok.id, connectionUrl: "postgres://u:p@127.0.0.1:5/db" } }).catch((e) => e),
    );
    expect(upd.status).toBe(400);
    expect((await t.db.select().from(instances).where(eq(instances.id, ok.id)))[0]!.endpoint).toBe("127.0.0.2:5/db");

    // The instance saved before: Test connection and a batch refuse it without connecting.
    const tested = await testInstanceConnection({ ctx, input: { instanceId: old.id } });
    expect(tested).toEqual({ ok: false, message: expect.stringContaining(`${host} is not an allowed target (SYNCDECK_ALLOWED_TARGETS)`) });
    const runner = makeRunner(t);
    await runner.start();
    try {
      const session = await startBatch({ ctx, input: { category: "account", instanceIds: [old.id] } });
      await waitFor(async () => {
        const s = await getSyncSession(t.db, session.id);
        return s.status !== "running" && s;
      }, "the run to end");
      const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
      expect(record).toMatchObject({
        status: "failed",
        failureClass: "network",
        errorMessage: expect.stringContaining("not an allowed target"),
      });
    } finally {
      await runner.stop();
    }
  });

  it("game servers: no request leaves for a host outside the list", async () => {
    process.env.SYNCDECK_ALLOWED_TARGETS = "127.0.0.2/32";
    const refused = createGameServerClient({ baseUrl: local.url(), token: "operator-token" });
    await expect(refused.me()).rejects.toMatchObject({
      code: "network",
      message: `Not connecting to the game server at 127.0.0.1:${local.port}: 127.0.0.1 is not an allowed target (SYNCDECK_ALLOWED_TARGETS)`,
    });
    expect(local.connections()).toBe(0);
    const reached = createGameServerClient({ baseUrl: allowed.url(), token: "operator-token" });
    await reached.me().catch(() => {}); // "{}" is not an identity; what matters is that it was asked
    expect(allowed.requests()).toBe(1);
  });

  it("webhooks: refused on create and update, and a delivery to a host taken off the list is failed unsent", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const base = { name: "hook", scope: "all", condition: "run_failed", destination: "webhook", signingSecret: SECRET } as const;
    const old = await createAlertRule({ ctx, input: { ...base, url: local.url("/hook") } });
    process.env.SYNCDECK_ALLOWED_TARGETS = "127.0.0.2";
    const res = toErrorBody(await createAlertRule({ ctx, input: { ...base, name: "refused", url: local.url("/x") } }).catch((e) => e));
    expect(res).toMatchObject({ status: 400, body: { error: { details: [{ path: "url" }] } } });
    expect(res.body.error.message).toMatch(/127\.0\.0\.1 is not an allowed target/);
    expect(await t.db.$count(alertRules, eq(alertRules.name, "refused"))).toBe(0);
    const upd = toErrorBody(
      await updateAlertRule({ ctx, input: { ruleId: old.id, expectedVersion: old.version, url: local.url("/y") } }).catch((e) => e),
    );
    expect(upd.status).toBe(400);

    const delivery = await sendTestAlert({ ctx, input: { ruleId: old.id } });
    const outcome = await attemptDelivery(t.db, delivery.id, 1);
    expect(outcome).toMatchObject({
      done: true,
      status: "failed",
      error: "Not delivered: 127.0.0.1 is not an allowed target (SYNCDECK_ALLOWED_TARGETS)",
    });
    expect(local.connections()).toBe(0);

    const good = await createAlertRule({ ctx, input: { ...base, name: "allowed", url: allowed.url("/hook") } });
    const sent = await sendTestAlert({ ctx, input: { ruleId: good.id } });
    expect(await attemptDelivery(t.db, sent.id, 1)).toMatchObject({ status: "delivered" });
    expect((await t.db.select().from(alertDeliveries).where(eq(alertDeliveries.id, sent.id)))[0]!.status).toBe("delivered");
  });
});
