import net from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { battleRecords, instanceRecords, liveSessions, syncLogs } from "@/db/schema";
import { bindAccount } from "@/lib/bindings/bind";
import type { DemoKnobsUpdate } from "@/lib/game-server/demo-server";
import { updateStreamIntervals } from "@/lib/live-sessions/update-intervals";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { retryFailedInstances } from "@/lib/sync-sessions/retry-failed";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";
import { useGameServer as startGameServer } from "./helpers/game";
import { makeRunner, waitFor } from "./helpers/runner";

// `down` (connection refused, then recovery and a restart) is covered in live-sessions.test.ts;
// the client-level effect of every knob in game-server.test.ts. Here: the live session's state.
const FAULTS: { name: string; knobs: DemoKnobsUpdate; clear: DemoKnobsUpdate; message: RegExp }[] = [
  { name: "500 errors", knobs: { errorRate: 1 }, clear: { errorRate: 0 }, message: /failed with 500/ },
  { name: "dropped connections", knobs: { dropRate: 1 }, clear: { dropRate: 0 }, message: /closed before the response was complete/ },
  { name: "rate limit", knobs: { rateLimitRate: 1 }, clear: { rateLimitRate: 0 }, message: /rate limiting us \(429\)/ },
  { name: "latency past the deadline", knobs: { latencyMs: 2_500 }, clear: { latencyMs: 0 }, message: /did not answer within 800 ms/ },
];

/** A loopback TCP listener on `port` that either never answers or forwards to PostgreSQL. */
async function listenOn(port: number, mode: "hang" | { forwardTo: number }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => sock.destroy());
    if (mode === "hang") return;
    const up = net.connect(mode.forwardTo, "127.0.0.1");
    up.on("error", () => sock.destroy());
    sock.on("close", () => up.destroy());
    up.on("close", () => sock.destroy());
    sock.pipe(up).pipe(sock);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe("upstream faults: each ends in its documented state, the rest carries on, recovery is automatic", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  const games: Awaited<ReturnType<typeof startGameServer>>[] = [];
  beforeAll(async () => {
    t = await useTestDatabase("faults");
  });
  afterAll(async () => {
    delete process.env.SYNCDECK_GAME_SERVER_TIMEOUT_MS;
    for (const g of games) await g.server.close();
  });
  /** The test database's URL, reached through another loopback port. */
  const viaPort = (port: number, userInfo?: string) => {
    const u = new URL(t.url);
    u.port = String(port);
    if (userInfo) [u.username, u.password] = userInfo.split(":") as [string, string];
    return u.toString();
  };

  it("a live session goes to error with a readable message and a retry time on 500s, drops, 429s and timeouts; malformed items are skipped; others keep syncing; all recover", async () => {
    process.env.SYNCDECK_GAME_SERVER_TIMEOUT_MS = "800";
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    const live = async (seed: number) => {
      const g = await startGameServer(t.db, { seed, backlogMs: 15_000 });
      games.push(g);
      const { account, store } = g.pair(0);
      const { liveSession } = await bindAccount({ ctx, input: { gameAccountId: account.id, storeId: store.id } });
      await updateStreamIntervals({ ctx, input: { liveSessionId: liveSession.id, intervals: { battles: 1, wallet: 1, members: 1 } } });
      return { g, store, id: liveSession.id };
    };
    const control = await live(1);
    const faulty = [];
    for (const [i, f] of FAULTS.entries()) faulty.push({ ...f, ...(await live(10 + i)) });
    const malformed = await live(50);
    const all = [control, ...faulty, malformed];
    const session = async (id: string) => (await t.db.select().from(liveSessions).where(eq(liveSessions.id, id)))[0]!;
    const battles = (storeId: string) => t.db.$count(battleRecords, eq(battleRecords.storeId, storeId));

    const runner = makeRunner(t);
    await runner.start();
    try {
      await waitFor(
        async () => (await Promise.all(all.map((s) => battles(s.store.id)))).every((n) => n > 0),
        "every session to sync its backlog",
      );

      for (const f of faulty) await f.g.server.setKnobs(f.knobs);
      await malformed.g.server.setKnobs({ malformedRate: 0.5 });
      const controlBefore = await battles(control.store.id);
      for (const f of faulty) {
        const s = await waitFor(async () => {
          const row = await session(f.id);
          return row.state === "error" && row;
        }, `the session facing ${f.name} to enter error`);
        expect(s.syncStatus).toBe("error");
        expect(s.errorMsg, f.name).toMatch(f.message);
        expect(s.errorMsg).not.toContain(f.g.server.directory.accounts[0]!.token);
        expect(s.nextRetryAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
        expect(s.retryCount).toBeGreaterThan(0);
      }
      // Malformed items: the session stays active, the skipped items are logged, the rest are stored.
      const skipped = await waitFor(async () => {
        const logs = await t.db.select().from(syncLogs).where(eq(syncLogs.liveSessionId, malformed.id));
        return logs.find((l) => l.status === "success" && /item\(s\) skipped/.test(l.error ?? ""));
      }, "a sync log naming skipped malformed items");
      expect(skipped.error).toMatch(/^\d+ invalid upstream item\(s\) skipped/);
      expect((await session(malformed.id)).state).toBe("active");
      // The healthy session kept syncing through all of it.
      await waitFor(async () => (await battles(control.store.id)) > controlBefore, "the healthy session to keep syncing");
      expect((await session(control.id)).state).toBe("active");

      // Faults clear: every session comes back by itself and catches up, without gaps or duplicates.
      for (const f of faulty) await f.g.server.setKnobs(f.clear);
      await malformed.g.server.setKnobs({ malformedRate: 0 });
      for (const f of faulty) {
        const target = f.g.server.items(f.store.externalId, "battles").length;
        await waitFor(
          async () => {
            const row = await session(f.id);
            return row.state === "active" && row.retryCount === 0 && row.errorMsg === null && (await battles(f.store.id)) >= target;
          },
          `the session that faced ${f.name} to recover and catch up`,
          40_000,
        );
        const stored = (
          await t.db.select({ id: battleRecords.externalId }).from(battleRecords).where(eq(battleRecords.storeId, f.store.id))
        ).map((r) => r.id);
        const feed = f.g.server.items(f.store.externalId, "battles").map((b) => b.id);
        expect(new Set(stored).size).toBe(stored.length);
        expect(stored.sort()).toEqual(feed.slice(0, stored.length).sort());
      }
      const storedMalformed = (
        await t.db.select({ id: battleRecords.externalId }).from(battleRecords).where(eq(battleRecords.storeId, malformed.store.id))
      ).map((r) => r.id);
      const feedIds = new Set(malformed.g.server.items(malformed.store.externalId, "battles").map((b) => b.id));
      expect(storedMalformed.every((id) => feedIds.has(id))).toBe(true);
    } finally {
      await runner.stop();
    }
  }, 90_000);

  it(
    "unreachable, slow and refusing database instances fail with readable messages while the rest of the batch completes; a retry succeeds once they are fixed",
    () =>
      withServerRoleLock(t.serverUrl, async () => {
        process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS = "700";
        const pgPort = Number(new URL(t.url).port);
        const closed = await listenOn(0, "hang");
        await closed.close();
        const slow = await listenOn(0, "hang");
        const role = `faults_${Math.random().toString(36).slice(2, 8)}`;
        const password = `pw-${Math.random().toString(36).slice(2, 12)}`;
        const ops = await makeUser(t.db, "ops");
        const good = [await makePostgresInstance(t.db, t.url, "faults-good-1"), await makePostgresInstance(t.db, t.url, "faults-good-2")];
        const unreachable = await makePostgresInstance(t.db, viaPort(closed.port), "faults-unreachable");
        const hanging = await makePostgresInstance(t.db, viaPort(slow.port), "faults-slow");
        const refusing = await makePostgresInstance(t.db, viaPort(pgPort, `${role}:${password}`), "faults-refusing");
        const runner = makeRunner(t);
        await runner.start();
        const proxies: Awaited<ReturnType<typeof listenOn>>[] = [];
        const admin = (await import("postgres")).default(t.serverUrl, { max: 1, onnotice: () => {} });
        try {
          const ids = [...good, unreachable, hanging, refusing].map((i) => i.id);
          const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: ids } });
          const done = await waitFor(async () => {
            const s = await getSyncSession(t.db, session.id);
            return s.status !== "running" && s;
          }, "the batch to finish");
          expect(done).toMatchObject({ status: "completed", successfulInstances: 2, failedInstances: 3, totalInstances: 5 });
          const byName = new Map(done.records.map((r) => [r.instanceName, r]));
          for (const g of good) expect(byName.get(g.name)).toMatchObject({ status: "completed" });
          expect(byName.get("faults-unreachable")).toMatchObject({
            status: "failed",
            errorMessage: expect.stringMatching(new RegExp(`Connection refused by 127.0.0.1:${closed.port}`)),
          });
          expect(byName.get("faults-slow")).toMatchObject({
            status: "failed",
            errorMessage: expect.stringMatching(/Timed out connecting to 127.0.0.1/),
          });
          expect(byName.get("faults-refusing")).toMatchObject({
            status: "failed",
            errorMessage: expect.stringMatching(/Authentication failed at 127.0.0.1:\d+\/.*check the user name and password/),
          });
          const stored = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
          for (const r of stored) expect(JSON.stringify(r)).not.toContain(password);

          // The faults clear: the closed port and the silent one now reach PostgreSQL, the role exists.
          proxies.push(await listenOn(closed.port, { forwardTo: pgPort }));
          await slow.close();
          proxies.push(await listenOn(slow.port, { forwardTo: pgPort }));
          await admin.unsafe(`create role ${role} login password '${password}'`);
          const retry = await retryFailedInstances({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } });
          const retried = await waitFor(async () => {
            const s = await getSyncSession(t.db, retry.id);
            return s.status !== "running" && s;
          }, "the retry to finish");
          expect(retried).toMatchObject({ status: "completed", successfulInstances: 3, failedInstances: 0 });
          expect(retried.records.map((r) => r.instanceName).sort()).toEqual(["faults-refusing", "faults-slow", "faults-unreachable"]);
        } finally {
          delete process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS;
          await runner.stop();
          for (const p of proxies) await p.close();
          await slow.close().catch(() => {});
          await admin.unsafe(`drop role if exists ${role}`).catch(() => {});
          await admin.end();
        }
      }),
    60_000,
  );
});
