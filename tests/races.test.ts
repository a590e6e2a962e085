import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, battleRecords, instanceRecords, instanceSyncLocks, liveSessions, syncLogs, syncSessions } from "@/db/schema";
import { bindAccount } from "@/lib/bindings/bind";
import { unbindAccount } from "@/lib/bindings/unbind";
import type { DatabaseConnector, UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { postgresConnector } from "@/lib/connectors/postgres";
import { toErrorBody } from "@/lib/errors";
import { runStreamTick } from "@/lib/live-sessions/run-tick";
import { setAutoSync } from "@/lib/live-sessions/set-auto-sync";
import { finalizeSyncSession } from "@/lib/sync/finalize-session";
import { runInstanceRecord } from "@/lib/sync/run-instance-record";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { retryFailedInstances } from "@/lib/sync-sessions/retry-failed";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { useGameServer } from "./helpers/game";
import { waitFor } from "./helpers/runner";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const account = (name: string): UpstreamAccountSnapshot => ({
  name,
  canLogin: true,
  superuser: false,
  createDb: false,
  createRole: false,
  replication: false,
  connectionLimit: -1,
  validUntil: null,
  memberOf: [],
});
/** An upstream that answers after `delayMs` with three roles, counting calls in flight per URL. */
function fakeUpstream(delayMs: number, inFlight = new Map<string, number>(), peak = new Map<string, number>()): DatabaseConnector {
  return {
    ...postgresConnector,
    fetchAccounts: async (url) => {
      inFlight.set(url, (inFlight.get(url) ?? 0) + 1);
      peak.set(url, Math.max(peak.get(url) ?? 0, inFlight.get(url)!));
      await sleep(delayMs);
      inFlight.set(url, inFlight.get(url)! - 1);
      return [account("race_a"), account("race_b"), account("race_c")];
    },
  };
}

/** Iterations run per race, written to .data/reports/races.json. */
const ran: Record<string, number> = {};
type Settled<T> = { ok: boolean; value?: T; error?: ReturnType<typeof toErrorBody> };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true, value }),
    (err: unknown) => ({ ok: false, error: toErrorBody(err) }),
  );

describe("races: each has one specified outcome", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let g: Awaited<ReturnType<typeof useGameServer>>;
  beforeAll(async () => {
    t = await useTestDatabase("races");
    g = await useGameServer(t.db, { seed: 3, backlogMs: 30_000 });
  });
  afterAll(async () => {
    await g.server.close();
    // Concurrent binds of one account: 50 at once → one binding, 49 × 409, in live-sessions.test.ts.
    const report = {
      ...ran,
      "concurrent binds of one account (tests/live-sessions.test.ts)": 50,
      total: Object.values(ran).reduce((a, b) => a + b, 0) + 50,
    };
    mkdirSync(path.join(process.cwd(), ".data", "reports"), { recursive: true });
    writeFileSync(
      path.join(process.cwd(), ".data", "reports", "races.json"),
      JSON.stringify({ ...report, finishedAt: new Date().toISOString() }, null, 2),
    );
  });
  const audits = (action: string, targetId: string) =>
    t.db.$count(auditLog, and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

  it("cancel racing the last instance's completion: exactly one terminal status, counts that match the records", async () => {
    const ops = await makeUser(t.db, "ops");
    const inst = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:9/race", "race-cancel");
    const outcomes = { completed: 0, cancelled: 0 };
    const N = 24;
    for (let i = 0; i < N; i++) {
      const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [inst.id] } });
      const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
      // Cancel lands anywhere from before the record starts to after the session is finalised.
      const cancelAfter = (i % 6) * 12;
      const [, cancel] = await Promise.all([
        runInstanceRecord(t.db, record!.id, { connectorFor: () => fakeUpstream(5) }).then(() => finalizeSyncSession(t.db, session.id)),
        sleep(cancelAfter).then(() => settle(cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: session.id } }))),
      ]);
      const s = await getSyncSession(t.db, session.id);
      const rec = s.records[0]!;
      expect(["completed", "cancelled"]).toContain(rec.status);
      expect(s.successfulInstances).toBe(rec.status === "completed" ? 1 : 0);
      expect(s.failedInstances).toBe(0);
      if (cancel.ok) {
        expect(s.status).toBe("cancelled");
        expect(s.cancelledBy).toBe(ops.id);
        expect(await audits("sync_session.cancel", session.id)).toBe(1);
      } else {
        expect(cancel.error!.status).toBe(409);
        expect(cancel.error!.body.error.message).toMatch(/already ended as completed/);
        expect(s).toMatchObject({ status: "completed", cancelledAt: null });
        expect(rec.status).toBe("completed");
        expect(await audits("sync_session.cancel", session.id)).toBe(0);
      }
      if (rec.status === "cancelled") expect(rec.itemsSynced).toBe(0);
      outcomes[s.status as "completed" | "cancelled"]++;
      expect(await t.db.$count(instanceSyncLocks, eq(instanceSyncLocks.instanceId, inst.id))).toBe(0);
    }
    // Both sides of the race were hit.
    expect(outcomes.completed).toBeGreaterThan(0);
    expect(outcomes.cancelled).toBeGreaterThan(0);
    ran["cancel racing completion"] = N;
  });

  it("two batches over the same instances: one proceeds, the other is refused naming it; an instance is never synced by two runs at once", async () => {
    const ops = await makeUser(t.db, "ops");
    const [a, b, c] = [
      await makePostgresInstance(t.db, t.url, "race-a"),
      await makePostgresInstance(t.db, t.url, "race-b"),
      await makePostgresInstance(t.db, t.url, "race-c"),
    ];
    const N = 10;
    for (let i = 0; i < N; i++) {
      const results = await Promise.all([
        settle(startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [a.id, b.id] } })),
        settle(startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [b.id, c.id] } })),
      ]);
      const won = results.filter((r) => r.ok);
      const lost = results.filter((r) => !r.ok);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const winner = won[0]!.value!;
      const refusal = lost[0]!.error!;
      expect(refusal.status).toBe(409);
      expect(refusal.body.error.code).toBe("conflict:instance_lock");
      expect(refusal.body.error.message).toContain(winner.id);
      expect(refusal.body.error.message).toContain('"race-b"');
      await cancelSyncSession({ ctx: makeCtx(t.db, ops), input: { sessionId: winner.id } });
    }
    ran["two batches over the same instances (start)"] = N;

    // Past the start check (e.g. a session created by an older build): the runtime lock makes the second wait.
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const M = 3;
    for (let i = 0; i < M; i++) {
      const first = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [a.id] } });
      const [second] = await t.db
        .insert(syncSessions)
        .values({ syncType: "manual_batch", syncCategory: "account", status: "running", totalInstances: 1 })
        .returning();
      await t.db.insert(instanceRecords).values({ syncSessionId: second!.id, instanceId: a.id });
      const recs = await t.db.select().from(instanceRecords).where(sql`${instanceRecords.syncSessionId} in (${first.id}, ${second!.id})`);
      const outcomes = await Promise.all(
        recs.map((r) => runInstanceRecord(t.db, r.id, { connectorFor: () => fakeUpstream(150, inFlight, peak) })),
      );
      expect(outcomes.map((o) => o.status)).toEqual(["completed", "completed"]);
      for (const s of [first.id, second!.id]) await finalizeSyncSession(t.db, s);
    }
    expect(peak.get(t.url)).toBe(1);
    ran["two batches over the same instances (runtime lock)"] = M;
  });

  it("unbind during a tick: the tick writes nothing after the unbind commits", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    const counts = async (storeId: string, liveSessionId: string) => ({
      battles: await t.db.$count(battleRecords, eq(battleRecords.storeId, storeId)),
      logs: await t.db.$count(syncLogs, eq(syncLogs.liveSessionId, liveSessionId)),
    });

    // Pinned interleaving: the tick has fetched and wants to write while the unbind holds the session.
    {
      const { account: acc, store } = g.pair(0);
      const { binding, liveSession } = await bindAccount({ ctx, input: { gameAccountId: acc.id, storeId: store.id } });
      const before = await counts(store.id, liveSession.id);
      let tick!: ReturnType<typeof runStreamTick>;
      await t.db.transaction(async (tx) => {
        await tx.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id)).for("update");
        tick = runStreamTick(t.db, { liveSessionId: liveSession.id, stream: "battles", chain: liveSession.tickChain! });
        await waitFor(async () => {
          const [w] = await t.db.execute<{ n: number }>(
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          );
          return w!.n > 0;
        }, "the tick to wait for the session row");
        await unbindAccount({ ctx: { ...ctx, db: tx as unknown as typeof t.db }, input: { bindingId: binding.id } });
      });
      expect(await tick).toEqual({ continue: false, reason: "stopped while fetching" });
      expect(await counts(store.id, liveSession.id)).toEqual(before);
      const [after] = await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id));
      expect(after).toMatchObject({ state: "inactive", autoSyncEnabled: false, tickChain: null });
    }

    // Random interleavings: whatever the tick wrote, it wrote before the unbind returned.
    const N = 12;
    for (let i = 0; i < N; i++) {
      const { account: acc, store } = g.pair(1 + (i % 5));
      const { binding, liveSession } = await bindAccount({ ctx, input: { gameAccountId: acc.id, storeId: store.id } });
      const tick = runStreamTick(t.db, {
        liveSessionId: liveSession.id,
        stream: (["battles", "wallet", "members"] as const)[i % 3]!,
        chain: liveSession.tickChain!,
      });
      await sleep(i % 4 === 0 ? 0 : Math.floor((i * 7) % 25));
      await unbindAccount({ ctx, input: { bindingId: binding.id } });
      const atUnbind = await counts(store.id, liveSession.id);
      await tick;
      expect(await counts(store.id, liveSession.id)).toEqual(atUnbind);
      const [after] = await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id));
      expect(after).toMatchObject({ state: "inactive", autoSyncEnabled: false, syncStatus: "idle" });
    }
    ran["unbind during a tick"] = N + 1;
  });

  it("double-clicked buttons: two identical requests at once have one effect and one audit row, or a clear 409", async () => {
    const ops = await makeUser(t.db, "ops");
    const admin = await makeUser(t.db, "super_admin");
    const opsCtx = makeCtx(t.db, ops);
    const twice = <T>(fn: () => Promise<T>) => Promise.all([settle(fn()), settle(fn())]);
    const N = 5;
    const inst = await makePostgresInstance(t.db, t.url, "double-click");
    const broken = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:9/nothing", "double-click-broken");
    for (let i = 0; i < N; i++) {
      // Start batch ×2: one session, one 409.
      const starts = await twice(() => startBatch({ ctx: opsCtx, input: { category: "config", instanceIds: [inst.id] } }));
      expect(starts.filter((r) => r.ok)).toHaveLength(1);
      const started = starts.find((r) => r.ok)!.value!;
      expect(starts.find((r) => !r.ok)!.error!.status).toBe(409);
      expect(await audits("sync_session.start", started.id)).toBe(1);

      // Cancel ×2: cancelled once, one 409, one audit row.
      const cancels = await twice(() => cancelSyncSession({ ctx: opsCtx, input: { sessionId: started.id } }));
      expect(cancels.filter((r) => r.ok)).toHaveLength(1);
      expect(cancels.find((r) => !r.ok)!.error!.body.error.message).toMatch(/already ended as cancelled/);
      expect(await audits("sync_session.cancel", started.id)).toBe(1);

      // Retry failed ×2: one new session over the failed instance, one 409.
      const failing = await startBatch({ ctx: opsCtx, input: { category: "account", instanceIds: [broken.id] } });
      const [rec] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, failing.id));
      await runInstanceRecord(t.db, rec!.id);
      await finalizeSyncSession(t.db, failing.id);
      const retries = await twice(() => retryFailedInstances({ ctx: opsCtx, input: { sessionId: failing.id } }));
      expect(retries.filter((r) => r.ok)).toHaveLength(1);
      expect(retries.find((r) => !r.ok)!.error!.status).toBe(409);
      expect(await t.db.$count(syncSessions, eq(syncSessions.retryOf, failing.id))).toBe(1);
      await cancelSyncSession({ ctx: opsCtx, input: { sessionId: retries.find((r) => r.ok)!.value!.id } });
    }

    const { account: acc, store } = g.pair(0);
    const { binding, liveSession } = await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: acc.id, storeId: store.id } });
    for (let i = 0; i < N; i++) {
      // Auto-sync off ×2 and on ×2: one version step and one audit row each; the twin is a no-op.
      for (const enabled of [false, true]) {
        const [before] = await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id));
        const action = enabled ? "live_session.start_auto_sync" : "live_session.stop_auto_sync";
        const auditsBefore = await audits(action, liveSession.id);
        const toggles = await twice(() => setAutoSync({ ctx: opsCtx, input: { liveSessionId: liveSession.id, enabled } }));
        expect(toggles.every((r) => r.ok)).toBe(true);
        const [after] = await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id));
        expect(after!.version).toBe(before!.version + 1);
        expect(after!.autoSyncEnabled).toBe(enabled);
        expect(await audits(action, liveSession.id)).toBe(auditsBefore + 1);
      }
    }
    // Unbind ×2: one unbind, one 409.
    const unbinds = await twice(() => unbindAccount({ ctx: makeCtx(t.db, admin), input: { bindingId: binding.id } }));
    expect(unbinds.filter((r) => r.ok)).toHaveLength(1);
    expect(unbinds.find((r) => !r.ok)!.error!.body.error.message).toMatch(/already inactive/);
    expect(await audits("binding.unbind", binding.id)).toBe(1);
    ran["double-clicked buttons"] = N * 3 + N * 2 + 1;
  }, 60_000);
});
