import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { engineOutbox, syncSessions } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { inTransaction } from "@/lib/context";
import { OutboxRelay, outboxBacklog, storeInOutbox, type SendEvents } from "@/lib/engine/outbox";
import { checkHealth } from "@/lib/health";
import { BATCH_REQUESTED } from "@/lib/sync-sessions/events";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { waitFor } from "./helpers/runner";

const quiet = pino({ level: "silent" });
type Sent = Parameters<SendEvents>[0][number];

describe("the outbox for Inngest", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("outbox");
  });
  const inngestCtx = (actor: Ctx["actor"]): Ctx => ({ db: t.db, actor, engine: { enqueue: storeInOutbox } });

  it("a batch start commits its session and its event together, and answers without any send", async () => {
    const ops = await makeUser(t.db, "ops");
    const instance = await makePostgresInstance(t.db, t.url);
    const session = await startBatch({ ctx: inngestCtx(ops), input: { category: "account", instanceIds: [instance.id] } });
    const rows = await t.db.select().from(engineOutbox).where(sql`${engineOutbox.data} ->> 'sessionId' = ${session.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: BATCH_REQUESTED, attempts: 0 });
    expect(rows[0]!.eventId).toMatch(/\S{8,}/);
    await t.db.delete(engineOutbox);
  });

  it("a transaction that rolls back leaves no event behind", async () => {
    const ops = await makeUser(t.db, "ops");
    await expect(
      inTransaction(inngestCtx(ops), async (_tx, emit) => {
        await emit({ name: "test/never", data: { n: 1 } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await outboxBacklog(t.db)).backlog).toBe(0);
  });

  it("a refused send is retried with backoff until accepted, once, with its stored id; health shows the backlog meanwhile", async () => {
    const ops = await makeUser(t.db, "ops");
    const instance = await makePostgresInstance(t.db, t.url);
    let refusing = true;
    const accepted: Sent[] = [];
    let refused = 0;
    const relay = new OutboxRelay({
      db: t.db,
      sql: t.sql,
      logger: quiet,
      pollMs: 50,
      send: async (events) => {
        if (refusing) {
          refused++;
          throw new Error("Inngest API Error: 503 Service Unavailable");
        }
        accepted.push(...events);
      },
    });
    await relay.start();
    try {
      const session = await startBatch({ ctx: inngestCtx(ops), input: { category: "account", instanceIds: [instance.id] } });
      // The API's answer does not wait for Inngest: the session is committed and running.
      const [stored] = await t.db.select().from(syncSessions).where(eq(syncSessions.id, session.id));
      expect(stored?.status).toBe("running");
      await waitFor(async () => refused >= 2, "the relay to retry the refused send");
      const [row] = await t.db.select().from(engineOutbox);
      expect(row?.attempts).toBeGreaterThanOrEqual(1);
      expect(row?.lastError).toContain("503");
      const health = await checkHealth(t.db, { mode: "inngest", leader: false, activeRuns: 0 });
      expect("outbox" in health.engine && health.engine.outbox.backlog).toBe(1);

      refusing = false;
      await waitFor(async () => (await outboxBacklog(t.db)).backlog === 0, "the outbox to drain once Inngest accepts");
      expect(accepted).toHaveLength(1);
      expect(accepted[0]).toMatchObject({ id: row!.eventId, name: BATCH_REQUESTED, data: { sessionId: session.id } });
    } finally {
      await relay.stop();
    }
  });

  it("two relays on one database send each of 500 events exactly once, in order per relay", async () => {
    await t.db.transaction((tx) =>
      storeInOutbox(
        tx,
        Array.from({ length: 500 }, (_, n) => ({ name: "test/many", data: { n } })),
      ),
    );
    const accepted: Sent[] = [];
    const relays = [0, 1].map(
      () =>
        new OutboxRelay({
          db: t.db,
          sql: t.sql,
          logger: quiet,
          pollMs: 50,
          send: async (events) => {
            accepted.push(...events);
          },
        }),
    );
    await Promise.all(relays.map((r) => r.start()));
    try {
      await waitFor(async () => (await outboxBacklog(t.db)).backlog === 0, "both relays to drain the outbox");
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    expect(accepted).toHaveLength(500);
    expect(new Set(accepted.map((e) => e.id)).size).toBe(500);
    expect(new Set(accepted.map((e) => e.data.n)).size).toBe(500);
  });

  it("the same deterministic event id stored twice is one event", async () => {
    await t.db.transaction((tx) => storeInOutbox(tx, [{ name: "test/once", id: "fixed-id-1", data: {} }]));
    await t.db.transaction((tx) => storeInOutbox(tx, [{ name: "test/once", id: "fixed-id-1", data: {} }]));
    expect((await outboxBacklog(t.db)).backlog).toBe(1);
    await t.db.delete(engineOutbox);
  });
});
