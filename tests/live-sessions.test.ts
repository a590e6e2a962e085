import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, battleRecords, bindings, liveSessions, playerStats, streamCursors, walletTransactions, workflowRuns } from "@/db/schema";
import { bindAccount } from "@/lib/bindings/bind";
import { unbindAccount } from "@/lib/bindings/unbind";
import { toErrorBody } from "@/lib/errors";
import { restartLiveSession } from "@/lib/live-sessions/restart";
import { setLiveSessionActive } from "@/lib/live-sessions/set-active";
import { setAutoSync } from "@/lib/live-sessions/set-auto-sync";
import { updateStreamIntervals } from "@/lib/live-sessions/update-intervals";
import { makeCtx, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { useGameServer } from "./helpers/game";
import { makeRunner, waitFor } from "./helpers/runner";

describe("bindings and live sessions over the demo game server", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let g: Awaited<ReturnType<typeof useGameServer>>;
  beforeAll(async () => {
    t = await useTestDatabase("live");
    g = await useGameServer(t.db);
  });
  afterAll(async () => {
    await g.server.close();
  });

  /** Every stored battle id of the store equals the server's feed up to some point: no gap, no duplicate. */
  async function expectBattlesArePrefixOfFeed(storeId: string, houseId: string) {
    const stored = (await t.db.select({ id: battleRecords.externalId }).from(battleRecords).where(eq(battleRecords.storeId, storeId))).map(
      (r) => r.id,
    );
    const feed = g.server.items(houseId, "battles").map((b) => b.id);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.sort()).toEqual(feed.slice(0, stored.length).sort());
    return stored.length;
  }

  it("binds in one transaction, audited, with the three streams queued; only super admins may", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const { account, store } = g.pair(0);
    for (const role of ["ops", "viewer"] as const) {
      const denied = toErrorBody(
        await bindAccount({
          ctx: makeCtx(t.db, await makeUser(t.db, role)),
          input: { gameAccountId: account.id, storeId: store.id },
        }).catch((e) => e),
      );
      expect(denied.status).toBe(403);
    }
    const { binding, liveSession } = await bindAccount({
      ctx: makeCtx(t.db, admin),
      input: { gameAccountId: account.id, storeId: store.id },
    });
    expect(binding.status).toBe("active");
    expect(liveSession).toMatchObject({ state: "active", autoSyncEnabled: true, syncStatus: "idle", version: 1 });
    expect(await t.db.$count(streamCursors, eq(streamCursors.liveSessionId, liveSession.id))).toBe(3);
    const runs = await t.db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, "live-stream-tick"));
    expect(
      runs
        .filter((r) => r.eventData.liveSessionId === liveSession.id)
        .map((r) => r.eventData.stream)
        .sort(),
    ).toEqual(["battles", "members", "wallet"]);
    expect(await t.db.$count(auditLog, and(eq(auditLog.action, "binding.create"), eq(auditLog.targetId, binding.id)))).toBe(1);

    const again = toErrorBody(
      await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: account.id, storeId: store.id } }).catch((e) => e),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already bound to store/);
    const outsider = g.pair(5).account;
    const foreign = g.stores.find((st) => !outsider.houseIds.includes(st.externalId))!;
    const notMember = toErrorBody(
      await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: outsider.id, storeId: foreign.id } }).catch((e) => e),
    );
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.message).toMatch(/not a member of store/);
    const missing = toErrorBody(
      await bindAccount({
        ctx: makeCtx(t.db, admin),
        input: { gameAccountId: account.id, storeId: "00000000-0000-4000-8000-000000000000" },
      }).catch((e) => e),
    );
    expect(missing.status).toBe(404);
  });

  it("50 concurrent binds of one account make exactly one binding and 49 clear 409s", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const { account, store } = g.pair(1);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: account.id, storeId: store.id } })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => toErrorBody(r.reason));
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(refused.every((r) => r.status === 409 && r.body.error.code === "conflict:binding")).toBe(true);
    expect(await t.db.$count(bindings, and(eq(bindings.gameAccountId, account.id), eq(bindings.status, "active")))).toBe(1);
    expect(await t.db.$count(liveSessions)).toBe(2);
  });

  it("streams data in, survives an outage with backoff and a restart, with no gap and no duplicate, and stops on unbind", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ctx = makeCtx(t.db, admin);
    const { account, store } = g.pair(2);
    const { binding, liveSession } = await bindAccount({ ctx, input: { gameAccountId: account.id, storeId: store.id } });
    await updateStreamIntervals({ ctx, input: { liveSessionId: liveSession.id, intervals: { battles: 1, wallet: 1, members: 1 } } });

    let runner = makeRunner(t);
    await runner.start();
    try {
      await waitFor(async () => (await t.db.$count(battleRecords, eq(battleRecords.storeId, store.id))) > 0, "battles to arrive");
      await waitFor(async () => (await t.db.$count(walletTransactions, eq(walletTransactions.storeId, store.id))) > 0, "wallet to arrive");
      const first = await expectBattlesArePrefixOfFeed(store.id, store.externalId);
      const stats = await t.db.select().from(playerStats).where(eq(playerStats.storeId, store.id));
      const games = (await t.db.select().from(battleRecords).where(eq(battleRecords.storeId, store.id))).reduce(
        (n, b) => n + b.players.length,
        0,
      );
      expect(stats.reduce((n, s) => n + s.games, 0)).toBe(games);

      // Outage: the session shows the error and a retry time, then recovers on its own.
      await g.server.setKnobs({ down: true });
      const errored = await waitFor(async () => {
        const [s] = await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id));
        return s?.state === "error" && s;
      }, "session to enter error");
      expect(errored.errorMsg).toMatch(/refused|reset|network|closed/i);
      expect(errored.nextRetryAt).toBeInstanceOf(Date);
      expect(errored.retryCount).toBeGreaterThan(0);
      await g.server.setKnobs({ down: false });
      await waitFor(
        async () => {
          const [s] = await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id));
          return s?.state === "active" && s.retryCount === 0 && s;
        },
        "session to recover",
        30_000,
      );

      // Restart: a new process resumes from the cursors.
      await runner.stop();
      const beforeRestart = await expectBattlesArePrefixOfFeed(store.id, store.externalId);
      await new Promise((r) => setTimeout(r, 1500));
      runner = makeRunner(t);
      await runner.start();
      await waitFor(
        async () => (await t.db.$count(battleRecords, eq(battleRecords.storeId, store.id))) > beforeRestart,
        "battles after restart",
        20_000,
      );
      expect(await expectBattlesArePrefixOfFeed(store.id, store.externalId)).toBeGreaterThan(first);

      // Unbind: streams stop, data stays.
      await unbindAccount({ ctx, input: { bindingId: binding.id } });
      await new Promise((r) => setTimeout(r, 1500));
      const frozen = await t.db.$count(battleRecords, eq(battleRecords.storeId, store.id));
      await new Promise((r) => setTimeout(r, 2500));
      expect(await t.db.$count(battleRecords, eq(battleRecords.storeId, store.id))).toBe(frozen);
      expect(frozen).toBeGreaterThan(0);
      const queued = await t.db
        .select()
        .from(workflowRuns)
        .where(and(eq(workflowRuns.workflowId, "live-stream-tick"), eq(workflowRuns.status, "queued")));
      expect(queued.filter((r) => r.eventData.liveSessionId === liveSession.id)).toHaveLength(0);
    } finally {
      await runner.stop();
    }
  }, 90_000);

  it("stops and starts auto-sync, deactivates, reactivates and restarts, with optimistic locking", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const ops = await makeUser(t.db, "ops");
    const viewer = await makeUser(t.db, "viewer");
    const { account, store } = g.pair(3);
    const { liveSession } = await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: account.id, storeId: store.id } });
    const opsCtx = makeCtx(t.db, ops);
    const denied = toErrorBody(
      await setAutoSync({ ctx: makeCtx(t.db, viewer), input: { liveSessionId: liveSession.id, enabled: false } }).catch((e) => e),
    );
    expect(denied.status).toBe(403);

    const stopped = await setAutoSync({ ctx: opsCtx, input: { liveSessionId: liveSession.id, enabled: false, expectedVersion: 1 } });
    expect(stopped).toMatchObject({ autoSyncEnabled: false, tickChain: null, version: 2 });
    const stale = toErrorBody(
      await setAutoSync({ ctx: opsCtx, input: { liveSessionId: liveSession.id, enabled: true, expectedVersion: 1 } }).catch((e) => e),
    );
    expect(stale.status).toBe(412);
    const started = await setAutoSync({ ctx: opsCtx, input: { liveSessionId: liveSession.id, enabled: true, expectedVersion: 2 } });
    expect(started.autoSyncEnabled).toBe(true);
    // Starting twice (a double click) is a no-op: one chain, no new version.
    expect((await setAutoSync({ ctx: opsCtx, input: { liveSessionId: liveSession.id, enabled: true } })).version).toBe(started.version);

    const off = await setLiveSessionActive({ ctx: opsCtx, input: { liveSessionId: liveSession.id, active: false } });
    expect(off).toMatchObject({ state: "inactive", autoSyncEnabled: false });
    const refused = toErrorBody(
      await setAutoSync({ ctx: opsCtx, input: { liveSessionId: liveSession.id, enabled: true } }).catch((e) => e),
    );
    expect(refused.status).toBe(409);
    const on = await setLiveSessionActive({ ctx: opsCtx, input: { liveSessionId: liveSession.id, active: true } });
    expect(on).toMatchObject({ state: "active", autoSyncEnabled: true });

    await t.db
      .update(liveSessions)
      .set({ state: "error", errorMsg: "boom", retryCount: 4, nextRetryAt: new Date(Date.now() + 600_000) })
      .where(eq(liveSessions.id, liveSession.id));
    const restarted = await restartLiveSession({ ctx: opsCtx, input: { liveSessionId: liveSession.id } });
    expect(restarted).toMatchObject({ state: "active", errorMsg: null, retryCount: 0, nextRetryAt: null });
    const badIntervals = toErrorBody(
      await updateStreamIntervals({ ctx: opsCtx, input: { liveSessionId: liveSession.id, intervals: { battles: 0 } } }).catch((e) => e),
    );
    expect(badIntervals.status).toBe(400);
  });
});

describe("a live stream's tick chain when the database connection drops at its successor step", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let g: Awaited<ReturnType<typeof useGameServer>>;
  beforeAll(async () => {
    t = await useTestDatabase("live_drop");
    g = await useGameServer(t.db, { backlogMs: 20_000 });
  });
  afterAll(async () => {
    await g.server.close();
  });

  it("resumes the interrupted tick, enqueues its successor once and keeps ticking on the same chain", async () => {
    const { sql } = await import("drizzle-orm");
    const admin = await makeUser(t.db, "super_admin");
    const { account, store } = g.pair(0);
    const { liveSession } = await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: account.id, storeId: store.id } });
    await updateStreamIntervals({
      ctx: makeCtx(t.db, admin),
      input: { liveSessionId: liveSession.id, intervals: { battles: 1, wallet: 1, members: 1 } },
    });
    const [{ tickChain: chain }] = (await t.db
      .select({ tickChain: liveSessions.tickChain })
      .from(liveSessions)
      .where(eq(liveSessions.id, liveSession.id))) as [{ tickChain: string }];
    // The first battles tick's connection dies (the server terminates it) while it records its
    // successor step: what a database restart does to a tick at the wrong moment. A sequence, not a
    // table, says "once": it is not rolled back with the transaction the termination aborts.
    await t.db.execute(
      sql.raw(`
      create sequence drop_successor_once;
      create function drop_successor_step() returns trigger language plpgsql as $$
      begin
        if new.step_id = 'schedule-next-tick'
          and exists (select 1 from workflow_runs r where r.id = new.run_id and r.event_data ->> 'stream' = 'battles')
          and nextval('drop_successor_once') = 1 then
          perform pg_terminate_backend(pg_backend_pid());
          perform pg_sleep(5);
        end if;
        return new;
      end $$;
      create trigger drop_successor_step before insert on workflow_steps for each row execute function drop_successor_step();`),
    );
    const battleRuns = async () =>
      (await t.db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, "live-stream-tick"))).filter(
        (r) => r.eventData.liveSessionId === liveSession.id && r.eventData.stream === "battles",
      );
    const runner = makeRunner(t);
    await runner.start();
    try {
      // The chain goes on past the dropped step, on its own (no watchdog: the chain id is unchanged).
      await waitFor(
        async () => (await battleRuns()).some((r) => (r.eventData.seq as number) >= 3 && r.status === "completed"),
        "battles ticks past the dropped step",
        20_000,
      );
      const [once] = await t.db.execute<{ is_called: boolean }>(sql`select is_called from drop_successor_once`);
      expect(once?.is_called).toBe(true); // the connection was dropped
      const runs = await battleRuns();
      for (const seq of [0, 1, 2, 3]) expect(runs.filter((r) => r.eventData.seq === seq)).toHaveLength(1);
      expect(runs.every((r) => r.eventData.chain === chain)).toBe(true);
      expect(runs.find((r) => r.eventData.seq === 0)?.status).toBe("completed");
      const [s] = await t.db.select().from(liveSessions).where(eq(liveSessions.id, liveSession.id));
      expect(s!.tickChain).toBe(chain);
      const stored = (
        await t.db.select({ id: battleRecords.externalId }).from(battleRecords).where(eq(battleRecords.storeId, store.id))
      ).map((r) => r.id);
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored.sort()).toEqual(
        g.server
          .items(store.externalId, "battles")
          .map((b) => b.id)
          .slice(0, stored.length)
          .sort(),
      );
    } finally {
      await runner.stop();
    }
  }, 60_000);
});
