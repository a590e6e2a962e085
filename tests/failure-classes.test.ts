import { createServer as createHttpServer } from "node:http";
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceRecords, liveSessions } from "@/db/schema";
import { bindAccount } from "@/lib/bindings/bind";
import { postgresConnector } from "@/lib/connectors/postgres";
import { UpstreamError } from "@/lib/connectors/types";
import { classifyFailure, classifyInvalidItems, dominantClass } from "@/lib/failures/classify";
import { scrubSecrets } from "@/lib/failures/scrub";
import { createGameServerClient } from "@/lib/game-server/client";
import { listLiveSessions, listSyncLogs } from "@/lib/live-sessions/queries";
import { runStreamTick } from "@/lib/live-sessions/run-tick";
import { sessionStatistics } from "@/lib/statistics/queries";
import { finalizeSyncSession } from "@/lib/sync/finalize-session";
import { runInstanceRecord } from "@/lib/sync/run-instance-record";
import { getSyncSession, listSyncSessions } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";
import { useGameServer } from "./helpers/game";

/** A loopback port nobody listens on. */
async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
}

describe("classifying failures", () => {
  it("maps connector codes, raw driver errors and the unexpected to a class and one line", () => {
    const table: [unknown, string][] = [
      [new UpstreamError("network", "Connection refused by h:1"), "network"],
      [new UpstreamError("auth", "Authentication failed"), "auth"],
      [new UpstreamError("bad_url", "The connection URL is not valid"), "auth"],
      [new UpstreamError("lock", "gave up waiting"), "timeout"],
      [new UpstreamError("upstream_data", "not JSON"), "upstream_data"],
      [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "network"],
      [Object.assign(new Error("getaddrinfo ENOTFOUND nowhere"), { code: "ENOTFOUND" }), "network"],
      [Object.assign(new Error("password authentication failed"), { code: "28P01" }), "auth"],
      [Object.assign(new Error("Access denied for user"), { code: "ER_ACCESS_DENIED_ERROR" }), "auth"],
      [Object.assign(new Error("permission denied for table t"), { code: "42501" }), "permission"],
      [Object.assign(new Error("SELECT command denied"), { code: "ER_TABLEACCESS_DENIED_ERROR" }), "permission"],
      [Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }), "timeout"],
      [new Error("wrapped", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }), "network"],
      [new DOMException("The operation timed out", "TimeoutError"), "timeout"],
      [new TypeError("Cannot read properties of undefined (reading 'x')"), "internal"],
      ["a string was thrown", "internal"],
    ];
    for (const [err, cls] of table) {
      const c = classifyFailure(err, { endpoint: "db.local:5432/app" });
      expect([c.failureClass, err]).toEqual([cls, err]);
      expect(c.message).not.toMatch(/\n/);
      expect(c.message.length).toBeGreaterThan(0);
      expect(c.detail.length).toBeGreaterThan(0);
    }
    const internal = classifyFailure(new TypeError("boom\nsecond line"));
    expect(internal.message).toBe("Failed inside Syncdeck: boom second line");
    expect(internal.detail).toMatch(/TypeError: boom/);
    expect(internal.detail).toMatch(/at /); // a short stack for the unexpected
  });

  it("classifies skipped items as upstream data and picks a run's most common class", () => {
    expect(classifyInvalidItems([])).toBeNull();
    const c = classifyInvalidItems([
      { item: "alice", error: "connectionLimit: Too big" },
      { item: "bob", error: "name: must not be empty" },
    ]);
    expect(c).toMatchObject({ failureClass: "upstream_data", message: "2 invalid upstream item(s) skipped" });
    expect(c!.detail).toBe("alice: connectionLimit: Too big\nbob: name: must not be empty");
    expect(dominantClass(["auth", "network", "network", null])).toBe("network");
    expect(dominantClass(["timeout", "network"])).toBe("network");
    expect(dominantClass([])).toBeNull();
  });

  it("scrubs passwords, tokens and the instance's own secret from the detail", () => {
    const secret = "postgres://syncer:S3cr%21pw@db.internal:5432/app";
    const text = [
      "connect failed for postgres://syncer:S3cr%21pw@db.internal:5432/app",
      "mysql://root:hunter22@127.0.0.1/x",
      "Authorization: Bearer abc.def-ghi_123",
      "host=db password=letmein user=x",
      '{"operatorToken":"op-tok-123456","password": "p4ss"}',
      "raw S3cr!pw decoded",
    ].join("\n");
    const out = scrubSecrets(text, [secret, JSON.stringify({ baseUrl: "http://x", operatorToken: "op-tok-123456" })]);
    for (const s of ["S3cr%21pw", "S3cr!pw", "hunter22", "abc.def-ghi_123", "letmein", "op-tok-123456", "p4ss"])
      expect(out).not.toContain(s);
    expect(out).toContain("db.internal:5432/app");
    expect(out).toContain("mysql://root:[redacted]@127.0.0.1/x");
    expect(out).toContain("Bearer [redacted]");
    expect(out).toContain("password=[redacted]");
    expect(scrubSecrets("nothing secret here")).toBe("nothing secret here");
  });
});

describe("real failures", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let hanging: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await useTestDatabase("failcls");
    hanging = createNetServer((s) => sockets.push(s));
    await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => hanging.close(r));
  });

  it("an unreachable port is network, a wrong password is auth, a missing grant is permission", async () => {
    const port = await freePort();
    const down = classifyFailure(await caught(postgresConnector.fetchAccounts(`postgres://syncer:Unreach4ble@127.0.0.1:${port}/app`)));
    expect(down.failureClass).toBe("network");
    expect(down.message).toContain(`127.0.0.1:${port}`);
    expect(down.detail).toMatch(/ECONNREFUSED/);
    expect(down.detail).not.toContain("Unreach4ble");

    const wrong = new URL(t.url);
    wrong.password = "Wr0ngPassw0rd";
    const auth = classifyFailure(await caught(postgresConnector.fetchAccounts(wrong.toString())), { secrets: [wrong.toString()] });
    expect(auth.failureClass).toBe("auth");
    expect(auth.detail).toMatch(/28P01/);
    expect(auth.detail).not.toContain("Wr0ngPassw0rd");

    await withServerRoleLock(t.serverUrl, async () => {
      const admin = postgres(t.url, { max: 1, onnotice: () => {} });
      const role = `nopriv_${Math.random().toString(36).slice(2, 8)}`;
      try {
        await admin.unsafe(`create role ${role} login password 'Nopriv-pw1'`);
        await admin.unsafe(`create table if not exists private_stuff (x int)`);
        await admin.unsafe(`revoke all on private_stuff from public`);
        const u = new URL(t.url);
        u.username = role;
        u.password = "Nopriv-pw1";
        const asRole = postgres(u.toString(), { max: 1, onnotice: () => {} });
        const err = await caught(asRole`select * from private_stuff`);
        await asRole.end();
        const perm = classifyFailure(err, { secrets: [u.toString()] });
        expect(perm.failureClass).toBe("permission");
        expect(perm.detail).toMatch(/42501/);
      } finally {
        await admin.unsafe(`drop owned by ${role}`).catch(() => {});
        await admin.unsafe(`drop role if exists ${role}`).catch(() => {});
        await admin.end();
      }
    });
  });

  it("game server: a hanging socket is timeout, 401 auth, 403 permission, garbage upstream_data, a dropped connection network", async () => {
    const hang = createGameServerClient({
      baseUrl: `http://127.0.0.1:${(hanging.address() as { port: number }).port}`,
      token: "tok-hanging-1",
      timeoutMs: 150,
    });
    expect(classifyFailure(await caught(hang.me())).failureClass).toBe("timeout");

    let mode = "401";
    const http = createHttpServer((req, res) => {
      if (mode === "drop") return req.socket.destroy();
      if (mode === "garbage")
        return res.writeHead(200, { "content-type": "application/json" }).end("<html>oops Bearer tok-secret-9</html>");
      res.writeHead(Number(mode), { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "nope", message: "no" } }));
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    try {
      const client = createGameServerClient({
        baseUrl: `http://127.0.0.1:${(http.address() as { port: number }).port}`,
        token: "tok-secret-9",
      });
      const seen: Record<string, string> = {};
      for (const m of ["401", "403", "garbage", "drop", "503"]) {
        mode = m;
        const c = classifyFailure(await caught(client.me()), { secrets: ["tok-secret-9"] });
        seen[m] = c.failureClass;
        expect(c.detail).not.toContain("tok-secret-9");
      }
      expect(seen).toEqual({ "401": "auth", "403": "permission", garbage: "upstream_data", drop: "network", "503": "network" });
    } finally {
      await new Promise((r) => http.close(r));
    }
  });

  it("a failed run stores class, message and scrubbed detail; lists and statistics filter and count by class", async () => {
    const ops = await makeUser(t.db, "ops");
    const port = await freePort();
    const bad = await makePostgresInstance(t.db, `postgres://syncer:Run-Secret-77@127.0.0.1:${port}/app`);
    const good = await makePostgresInstance(t.db, t.url);
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "capacity", instanceIds: [bad.id, good.id] } });
    for (const r of await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id)))
      await runInstanceRecord(t.db, r.id);
    await finalizeSyncSession(t.db, session.id);

    const detail = await getSyncSession(t.db, session.id);
    expect(detail).toMatchObject({ status: "completed", failedInstances: 1, failureClass: "network" });
    const failed = detail.records.find((r) => r.instanceId === bad.id)!;
    expect(failed).toMatchObject({ status: "failed", failureClass: "network" });
    expect(failed.errorMessage).toMatch(/Connection refused by 127\.0\.0\.1/);
    expect(failed.errorDetail).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(detail)).not.toContain("Run-Secret-77");
    expect(detail.records.find((r) => r.instanceId === good.id)).toMatchObject({
      status: "completed",
      failureClass: null,
      errorDetail: null,
    });

    const byNetwork = await listSyncSessions(t.db, { failureClass: "network" });
    expect(byNetwork.items.map((s) => s.id)).toContain(session.id);
    expect((await listSyncSessions(t.db, { failureClass: "auth" })).items.map((s) => s.id)).not.toContain(session.id);
    await expect(listSyncSessions(t.db, { failureClass: "gremlins" })).rejects.toThrow(/Failure class must be one of/);

    const stats = await sessionStatistics(t.db, { timeframe: "24h" });
    expect(stats.failureClasses).toHaveLength(6);
    expect(stats.failureClasses[0]).toMatchObject({ failureClass: "network", sessions: 1, records: 1 });
    expect(stats.failureClasses.find((c) => c.failureClass === "auth")).toEqual({
      failureClass: "auth",
      sessions: 0,
      records: 0,
      ticks: 0,
    });
    const other = await sessionStatistics(t.db, { timeframe: "24h", category: "account" });
    expect(other.failureClasses.every((c) => c.sessions === 0 && c.records === 0 && c.ticks === 0)).toBe(true);
  });

  it("live ticks: malformed items are upstream_data; a down server puts the session in error with error_since kept until recovery", async () => {
    const g = await useGameServer(t.db, { seed: 11 });
    try {
      const admin = await makeUser(t.db, "super_admin");
      const { account, store } = g.pair(0);
      const { liveSession } = await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: account.id, storeId: store.id } });
      const chain = liveSession.tickChain!;
      const tick = () => runStreamTick(t.db, { liveSessionId: liveSession.id, stream: "battles", chain });
      const session = async () => (await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id)))[0]!;

      await g.server.setKnobs({ malformedRate: 1 });
      expect(await tick()).toMatchObject({ status: "success" });
      const [skipped] = (await listSyncLogs(t.db, liveSession.id, { limit: 1 })).items;
      expect(skipped).toMatchObject({ status: "success", failureClass: "upstream_data" });
      expect(skipped!.error).toMatch(/invalid upstream item\(s\) skipped/);
      expect(skipped!.errorDetail).toBeTruthy();
      await g.server.setKnobs({ malformedRate: 0, down: true });

      await tick();
      const first = await session();
      expect(first).toMatchObject({ state: "error", failureClass: "network" });
      expect(first.errorSince).toBeInstanceOf(Date);
      expect(first.errorDetail).toMatch(/ECONNREFUSED/);
      const [failedTick] = (await listSyncLogs(t.db, liveSession.id, { limit: 1 })).items;
      expect(failedTick).toMatchObject({ status: "error", failureClass: "network" });
      expect(failedTick!.errorDetail).not.toContain(account.tokenCiphertext ?? "-");
      expect((await listLiveSessions(t.db, { failureClass: "network" })).map((s) => s.id)).toContain(liveSession.id);
      expect((await listLiveSessions(t.db, { failureClass: "auth" })).map((s) => s.id)).not.toContain(liveSession.id);

      await t.db.update(liveSessions).set({ nextRetryAt: null }).where(eq(liveSessions.id, liveSession.id));
      await tick();
      const second = await session();
      expect(second.retryCount).toBe(2);
      expect(second.errorSince!.getTime()).toBe(first.errorSince!.getTime());
      const stats = await sessionStatistics(t.db, { timeframe: "24h" });
      expect(stats.failureClasses.find((c) => c.failureClass === "network")!.ticks).toBe(2);

      await g.server.setKnobs({ down: false });
      await t.db.update(liveSessions).set({ nextRetryAt: null }).where(eq(liveSessions.id, liveSession.id));
      expect(await tick()).toMatchObject({ status: "success" });
      expect(await session()).toMatchObject({ state: "active", failureClass: null, errorDetail: null, errorSince: null, errorMsg: null });
    } finally {
      await g.server.close();
    }
  });
});
