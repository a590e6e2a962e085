import http from "node:http";
import net from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceRecords } from "@/db/schema";
import { MAX_CONNECT_ATTEMPTS } from "@/lib/connectors/postgres";
import { createInstance } from "@/lib/instances/create";
import { testInstanceConnection } from "@/lib/instances/test-connection";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { makeRunner, waitFor } from "./helpers/runner";

// An instance URL pointed at a port that speaks another protocol (an HTTP listener here) used to make
// postgres.js reconnect in a loop until the deadline: 23,570 TCP connections for one "Test connection".
const PORT = Number(process.env.SYNCDECK_TEST_FOREIGN_PORT ?? 34_290);

/** A real HTTP server on loopback that counts the TCP connections it accepts. */
async function httpListener(port: number) {
  const server = http.createServer((_req, res) => res.writeHead(404).end("not here"));
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  server.on("connection", (s) => {
    accepted++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    accepted: () => accepted,
    reset: () => {
      accepted = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe("an instance pointed at a port that is not a database", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let listener: Awaited<ReturnType<typeof httpListener>>;
  beforeAll(async () => {
    t = await useTestDatabase("foreign");
    listener = await httpListener(PORT);
  });
  afterAll(async () => {
    await listener?.close();
  });

  it("PostgreSQL: Test connection fails at once as network, with at most 3 TCP connections", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const inst = await createInstance({
      ctx,
      input: { name: "pg-at-http", kind: "postgres", connectionUrl: `postgres://u:p@127.0.0.1:${PORT}/postgres` },
    });
    listener.reset();
    const started = Date.now();
    const result = await testInstanceConnection({ ctx, input: { instanceId: inst.id } });
    expect(result).toEqual({ ok: false, message: `127.0.0.1:${PORT} did not answer as PostgreSQL` });
    expect(listener.accepted()).toBeGreaterThanOrEqual(1);
    expect(listener.accepted()).toBeLessThanOrEqual(MAX_CONNECT_ATTEMPTS);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("PostgreSQL and MySQL: a batch run ends the records failed (network) with at most 3 connections per instance", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    const pg = await createInstance({
      ctx,
      input: { name: "pg-at-http-batch", kind: "postgres", connectionUrl: `postgres://u:p@127.0.0.1:${PORT}/postgres` },
    });
    const runner = makeRunner(t);
    await runner.start();
    try {
      listener.reset();
      const session = await startBatch({
        ctx: makeCtx(t.db, await makeUser(t.db, "ops")),
        input: { category: "account", instanceIds: [pg.id] },
      });
      const done = await waitFor(async () => {
        const s = await getSyncSession(t.db, session.id);
        return s && s.status !== "running" && s;
      }, "the run to end");
      expect(done.status).toBe("failed");
      const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
      expect(record).toMatchObject({
        status: "failed",
        failureClass: "network",
        errorMessage: `127.0.0.1:${PORT} did not answer as PostgreSQL`,
      });
      expect(listener.accepted()).toBeLessThanOrEqual(MAX_CONNECT_ATTEMPTS);

      // mysql2 waits for the server's greeting, which an HTTP server never sends: a connect timeout
      // (shortened here), and no reconnecting; held to the same bound.
      process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS = "1500";
      const my = await createInstance({
        ctx,
        input: { name: "my-at-http-batch", kind: "mysql", connectionUrl: `mysql://u:p@127.0.0.1:${PORT}/mysql` },
      });
      listener.reset();
      const tested = await testInstanceConnection({ ctx, input: { instanceId: my.id } });
      expect(tested.ok).toBe(false);
      expect(listener.accepted()).toBeLessThanOrEqual(MAX_CONNECT_ATTEMPTS);
      listener.reset();
      const mySession = await startBatch({ ctx, input: { category: "account", instanceIds: [my.id] } });
      await waitFor(async () => {
        const s = await getSyncSession(t.db, mySession.id);
        return s && s.status !== "running" && s;
      }, "the MySQL run to end");
      const [myRecord] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, mySession.id));
      expect(myRecord).toMatchObject({
        status: "failed",
        failureClass: "timeout",
        errorMessage: `Timed out connecting to 127.0.0.1:${PORT}/mysql`,
      });
      expect(listener.accepted()).toBeLessThanOrEqual(MAX_CONNECT_ATTEMPTS);
    } finally {
      delete process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS;
      await runner.stop();
    }
  });

  it("PostgreSQL: a port that accepts and closes at once is tried 3 times, then failed as network", async () => {
    let accepted = 0;
    const server = net.createServer((s) => {
      accepted++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(PORT + 1, "127.0.0.1", r));
    try {
      const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
      const inst = await createInstance({
        ctx,
        input: { name: "pg-at-closer", kind: "postgres", connectionUrl: `postgres://u:p@127.0.0.1:${PORT + 1}/postgres` },
      });
      const result = await testInstanceConnection({ ctx, input: { instanceId: inst.id } });
      expect(result).toEqual({
        ok: false,
        message: `127.0.0.1:${PORT + 1} did not answer as PostgreSQL (it closed the connection 3 times)`,
      });
      expect(accepted).toBe(MAX_CONNECT_ATTEMPTS);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
