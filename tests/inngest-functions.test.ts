import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { battleRecords, syncSchedules, syncSessions, upstreamAccounts } from "@/db/schema";
import { ensureDefaultSchedules } from "@/lib/schedules/queries";
import { retentionWorkflow, scheduleTickWorkflow } from "@/lib/sync/maintenance-workflows";
import { bindAccount } from "@/lib/bindings/bind";
import { streamTickWorkflow } from "@/lib/live-sessions/workflows";
import { useGameServer } from "./helpers/game";
import { inngest } from "@/inngest/client";
import { toInngestFunction } from "@/inngest/to-function";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";
import type { AnyWorkflow } from "@/lib/engine/workflow";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

/** Wraps the test engine's `step.sendEvent` so a test can see what a function sent. */
function recordSentEvents(sent: unknown[]) {
  return <C>(ctx: C): C => {
    const step = (ctx as { step: { sendEvent: (id: string, p: unknown) => Promise<unknown> } }).step;
    const original = step.sendEvent.bind(step);
    step.sendEvent = async (id: string, payload: unknown) => {
      sent.push(payload);
      return original(id, payload);
    };
    return ctx;
  };
}

describe("batch-sync as an Inngest function", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("inngest");
  });

  it("carries the definition's id, trigger, cancellation and concurrency", () => {
    const fn = toInngestFunction(inngest, batchSyncWorkflow as unknown as AnyWorkflow, () => ({ db: t.db }));
    const [config] = fn["getConfig"]({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: "syncdeck" });
    expect(config?.id).toBe("syncdeck-batch-sync");
    expect(config?.triggers).toEqual([{ event: "sync/batch.requested" }]);
    expect(config?.cancel?.[0]).toMatchObject({ event: "sync/batch.cancelled", if: "async.data.sessionId == event.data.sessionId" });
  });

  it("runs its steps for real against PostgreSQL and finalises the session", async () => {
    const ops = await makeUser(t.db, "ops");
    const good = await makePostgresInstance(t.db, t.url, "inngest-good");
    const bad = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:1/x", "inngest-bad");
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [good.id, bad.id] } });

    const engine = new InngestTestEngine({
      function: toInngestFunction(inngest, batchSyncWorkflow as unknown as AnyWorkflow, () => ({ db: t.db })),
    });
    const { result, error } = await engine.execute({ events: [{ name: "sync/batch.requested", data: { sessionId: session.id } }] });
    expect(error).toBeUndefined();
    expect(result).toEqual({ sessionId: session.id, status: "completed" });

    const detail = await getSyncSession(t.db, session.id);
    expect(detail).toMatchObject({ status: "completed", successfulInstances: 1, failedInstances: 1 });
    const synced = detail.records.find((r) => r.instanceName === "inngest-good")!;
    expect(synced.itemsSynced).toBeGreaterThan(0);
    expect(await t.db.$count(upstreamAccounts, eq(upstreamAccounts.instanceId, good.id))).toBe(synced.itemsSynced);
    expect(detail.records.find((r) => r.instanceName === "inngest-bad")?.errorMessage).toMatch(/Connection refused/);
  });
});

describe("live-stream-tick as an Inngest function", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let g: Awaited<ReturnType<typeof useGameServer>>;
  beforeAll(async () => {
    t = await useTestDatabase("inngest_live");
    g = await useGameServer(t.db);
  });
  afterAll(async () => {
    await g.server.close();
  });

  it("syncs one tick for real and schedules the next with a future ts and a deterministic id", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const { account, store } = g.pair(0);
    const { liveSession } = await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: account.id, storeId: store.id } });
    const chain = liveSession.tickChain!;
    const sent: unknown[] = [];
    const engine = new InngestTestEngine({
      function: toInngestFunction(inngest, streamTickWorkflow as unknown as AnyWorkflow, () => ({ db: t.db })),
    });
    const before = Date.now();
    const { result, error } = await engine.execute({
      events: [{ name: "live/stream.tick", data: { liveSessionId: liveSession.id, stream: "battles", chain, seq: 0 } }],
      steps: [{ id: "schedule-next-tick", handler: () => void 0 }],
      transformCtx: recordSentEvents(sent),
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ continue: true, status: "success" });
    const synced = (result as { synced: number }).synced;
    expect(synced).toBeGreaterThan(0);
    expect(await t.db.$count(battleRecords, eq(battleRecords.storeId, store.id))).toBe(synced);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      name: "live/stream.tick",
      id: `${chain}:battles:1`,
      data: { liveSessionId: liveSession.id, stream: "battles", chain, seq: 1 },
    });
    expect((sent[0] as { ts: number }).ts).toBeGreaterThanOrEqual(before);

    // A tick of a superseded chain ends the loop and writes nothing.
    const stale = new InngestTestEngine({
      function: toInngestFunction(inngest, streamTickWorkflow as unknown as AnyWorkflow, () => ({ db: t.db })),
    });
    const old = await stale.execute({
      events: [
        {
          name: "live/stream.tick",
          data: { liveSessionId: liveSession.id, stream: "battles", chain: "00000000-0000-4000-8000-000000000000", seq: 5 },
        },
      ],
    });
    expect(old.result).toMatchObject({ continue: false });
  });
});

describe("scheduled functions on Inngest", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("inngest_cron");
  });

  it("schedule-tick: a cron-triggered run starts due schedules and sends their batch events", async () => {
    const fn = toInngestFunction(inngest, scheduleTickWorkflow as unknown as AnyWorkflow, () => ({ db: t.db }));
    const [config] = fn["getConfig"]({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: "syncdeck" });
    expect(config?.triggers).toEqual([{ cron: "* * * * *" }]);

    await makePostgresInstance(t.db, t.url, "cron-target");
    await ensureDefaultSchedules(t.db);
    await t.db
      .update(syncSchedules)
      .set({ lastFiredAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(eq(syncSchedules.category, "account"));
    const sent: unknown[] = [];
    const engine = new InngestTestEngine({ function: fn });
    const { result, error } = await engine.execute({
      events: [{ name: "inngest/scheduled.timer", data: {} }],
      steps: [{ id: "start-scheduled-batches", handler: () => void 0 }],
      transformCtx: recordSentEvents(sent),
    });
    expect(error).toBeUndefined();
    expect(result).toEqual({ started: 1 });
    const [scheduled] = await t.db.select().from(syncSessions).where(eq(syncSessions.syncType, "scheduled"));
    expect(scheduled).toMatchObject({ syncCategory: "account", createdBy: null, status: "running" });
    expect(sent).toEqual([[{ name: "sync/batch.requested", data: { sessionId: scheduled!.id }, id: scheduled!.id }]]);
  });

  it("retention-cleanup: deletes old finished runs through its step", async () => {
    const old = new Date(Date.now() - 90 * 86_400_000);
    await t.db
      .insert(syncSessions)
      .values({ syncType: "scheduled", syncCategory: "config", status: "completed", startedAt: old, completedAt: old });
    const engine = new InngestTestEngine({
      function: toInngestFunction(inngest, retentionWorkflow as unknown as AnyWorkflow, () => ({ db: t.db })),
    });
    const { result, error } = await engine.execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ sessions: 1 });
  });
});
