import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { bindings, gameAccounts, instanceRecords, instances, liveSessions, stores, syncSessions } from "@/db/schema";
import { toErrorBody } from "@/lib/errors";
import { listBindings } from "@/lib/bindings/queries";
import { listLiveSessions } from "@/lib/live-sessions/queries";
import { searchEverything } from "@/lib/search/queries";
import { backfillSearchText, refreshSearchTextForInstance } from "@/lib/search/search-text";
import { finalizeSyncSession } from "@/lib/sync/finalize-session";
import { runInstanceRecord } from "@/lib/sync/run-instance-record";
import { listSyncSessions } from "@/lib/sync-sessions/queries";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

const DOWN_URL = "postgres://x:secret@127.0.0.1:1/nowhere";
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id).sort();
const badRequest = async (p: Promise<unknown>) =>
  toErrorBody(
    await p.then(
      () => null,
      (e: unknown) => e,
    ),
  );

async function gameData(db: Database) {
  const [server] = await db
    .insert(instances)
    .values({ name: "casino-east", kind: "game_server", secretCiphertext: "x", endpoint: "http://127.0.0.1:9" })
    .returning();
  const [dragon, tiger] = await db
    .insert(stores)
    .values([
      { instanceId: server!.id, externalId: "H-7781", name: "Lucky Dragon House" },
      { instanceId: server!.id, externalId: "H-1200", name: "Golden Tiger" },
    ])
    .returning();
  const [one, slayer] = await db
    .insert(gameAccounts)
    .values([
      { instanceId: server!.id, externalId: "A-5001", username: "player_one" },
      { instanceId: server!.id, externalId: "A-5002", username: "dragonslayer" },
    ])
    .returning();
  const [b1, b2] = await db
    .insert(bindings)
    .values([
      { gameAccountId: one!.id, storeId: dragon!.id },
      { gameAccountId: slayer!.id, storeId: tiger!.id },
    ])
    .returning();
  const [l1, l2] = await db
    .insert(liveSessions)
    .values([
      { bindingId: b1!.id },
      { bindingId: b2!.id, state: "error", syncStatus: "error", errorMsg: "Game server answered 503 Service Unavailable" },
    ])
    .returning();
  return { dragon: dragon!, tiger: tiger!, one: one!, slayer: slayer!, b1: b1!, b2: b2!, l1: l1!, l2: l2! };
}

describe("search by business data", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let alpha: { id: string };
  let beta: { id: string };
  let pct: { id: string };
  let pctLike: { id: string };
  let under: { id: string };
  let underLike: { id: string };
  let g: Awaited<ReturnType<typeof gameData>>;

  beforeAll(async () => {
    t = await useTestDatabase("search");
    const ctx = makeCtx(t.db, await makeUser(t.db, "ops"));
    const start = async (name: string, url = t.url) => {
      const instance = await makePostgresInstance(t.db, url, name);
      return startBatch({ ctx, input: { category: "account", instanceIds: [instance.id] } });
    };
    alpha = await start("Orders-Alpha", DOWN_URL);
    beta = await start("orders-beta");
    pct = await start("rate-50%-db");
    pctLike = await start("rate-500-db");
    under = await start("ledger_9");
    underLike = await start("ledgerx9");
    g = await gameData(t.db);
  });

  it("finds sessions by instance name, case-insensitively, with keyset pagination", async () => {
    expect(ids(await listSyncSessions(t.db, { q: "ORDERS-alpha" }))).toEqual([alpha.id]);
    expect(ids(await listSyncSessions(t.db, { q: "  orders-  " }))).toEqual([alpha.id, beta.id].sort());
    const first = await listSyncSessions(t.db, { q: "orders", limit: 1 });
    expect(first.items).toHaveLength(1);
    const second = await listSyncSessions(t.db, { q: "orders", limit: 1, cursor: first.nextCursor! });
    expect([first.items[0]!.id, second.items[0]!.id].sort()).toEqual([alpha.id, beta.id].sort());
    expect(second.nextCursor).toBeNull();
    // Combines with the other filters.
    expect((await listSyncSessions(t.db, { q: "orders", status: "failed" })).items).toEqual([]);
    // A full UUID finds the session itself.
    expect(ids(await listSyncSessions(t.db, { q: beta.id.toUpperCase() }))).toEqual([beta.id]);
  });

  it("takes % and _ literally", async () => {
    expect(ids(await listSyncSessions(t.db, { q: "50%" }))).toEqual([pct.id]);
    expect(ids(await listSyncSessions(t.db, { q: "ledger_9" }))).toEqual([under.id]);
    expect(ids(await listSyncSessions(t.db, { q: "rate-50" }))).toEqual([pct.id, pctLike.id].sort());
    expect(ids(await listSyncSessions(t.db, { q: "ledgerx" }))).toEqual([underLike.id]);
    expect((await listSyncSessions(t.db, { q: "\\%" })).items).toEqual([]);
  });

  it("makes a failed run's error text searchable once the run ends", async () => {
    const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, alpha.id));
    expect(await runInstanceRecord(t.db, record!.id)).toMatchObject({ status: "failed" });
    await finalizeSyncSession(t.db, alpha.id);
    const [failed] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.id, record!.id));
    const message = failed!.errorMessage!;
    expect(message.length).toBeGreaterThan(12);
    const [session] = await t.db
      .select({ searchText: syncSessions.searchText, status: syncSessions.status })
      .from(syncSessions)
      .where(eq(syncSessions.id, alpha.id));
    expect(session).toMatchObject({ status: "failed", searchText: expect.stringContaining(message.toLowerCase()) });
    expect(session!.searchText).not.toContain("secret");

    const fragment = message.slice(4, 16).toUpperCase();
    expect(ids(await listSyncSessions(t.db, { q: fragment }))).toEqual([alpha.id]);
    const found = await searchEverything(t.db, { q: fragment });
    expect(found.sessions.items.map((s) => s.id)).toEqual([alpha.id]);
    expect(found.instanceRecords.items).toEqual([
      expect.objectContaining({
        id: record!.id,
        sessionId: alpha.id,
        instanceName: "Orders-Alpha",
        status: "failed",
        errorMessage: message,
      }),
    ]);
    expect(found.bindings.items).toEqual([]);
    expect(found.liveSessions.items).toEqual([]);
  });

  it("finds bindings and live sessions by store, game account, game server and error text", async () => {
    const b = async (q: string) => (await listBindings(t.db, { q })).map((x) => x.id).sort();
    const l = async (q: string) => (await listLiveSessions(t.db, { q })).map((x) => x.id).sort();
    expect(await b("lucky dragon")).toEqual([g.b1.id]);
    expect(await b("h-1200")).toEqual([g.b2.id]);
    expect(await b("player_one")).toEqual([g.b1.id]);
    expect(await b("A-5002")).toEqual([g.b2.id]);
    expect(await b(g.dragon.id)).toEqual([g.b1.id]);
    expect(await b(g.slayer.id)).toEqual([g.b2.id]);
    expect(await b("503 service")).toEqual([g.b2.id]);
    expect(await b("casino-east")).toEqual([g.b1.id, g.b2.id].sort());
    // "dragon" is a store name and part of an account name.
    expect(await b("dragon")).toEqual([g.b1.id, g.b2.id].sort());

    expect(await l("golden tiger")).toEqual([g.l2.id]);
    expect(await l("A-5001")).toEqual([g.l1.id]);
    expect(await l(g.one.id)).toEqual([g.l1.id]);
    expect(await l("unavailable")).toEqual([g.l2.id]);
    expect(await l(g.l2.id)).toEqual([g.l2.id]);
    expect((await listLiveSessions(t.db)).length).toBe(2);

    const all = await searchEverything(t.db, { q: "Lucky Dragon" });
    expect(all.bindings.items.map((x) => x.id)).toEqual([g.b1.id]);
    expect(all.liveSessions.items.map((x) => x.id)).toEqual([g.l1.id]);
    expect(all.sessions.items).toEqual([]);
    expect(all.instanceRecords.items).toEqual([]);
  });

  it("does not match other objects' text", async () => {
    expect((await listSyncSessions(t.db, { q: "lucky dragon" })).items).toEqual([]);
    expect((await listSyncSessions(t.db, { q: g.dragon.id })).items).toEqual([]);
    expect(await listBindings(t.db, { q: "orders-alpha" })).toEqual([]);
    expect(await listLiveSessions(t.db, { q: "ledger_9" })).toEqual([]);
    const none = await searchEverything(t.db, { q: "no such thing anywhere" });
    expect(
      [none.sessions, none.instanceRecords, none.bindings, none.liveSessions].every((grp) => grp.items.length === 0 && !grp.more),
    ).toBe(true);
  });

  it("cuts each group at the limit and says there is more", async () => {
    const found = await searchEverything(t.db, { q: "db", limit: 1 });
    expect(found.sessions).toMatchObject({ items: [expect.anything()], more: true });
    expect(found.instanceRecords).toMatchObject({ items: [expect.anything()], more: true });
  });

  it("refuses a too short or too long term and control characters with a clear 400", async () => {
    for (const [q, message] of [
      ["a", /at least 2 characters/],
      ["  b ", /at least 2 characters/],
      ["x".repeat(201), /at most 200 characters/],
      ["ab\u0007c", /control characters/],
      ["line\nbreak", /control characters/],
    ] as const) {
      for (const call of [
        listSyncSessions(t.db, { q }),
        searchEverything(t.db, { q }),
        listBindings(t.db, { q }),
        listLiveSessions(t.db, { q }),
      ]) {
        const { status, body } = await badRequest(call);
        expect(status).toBe(400);
        expect(body.error.message).toMatch(message);
      }
    }
    expect((await badRequest(searchEverything(t.db, {}))).status).toBe(400);
  });

  it("backfills sessions from before search_text and follows an instance rename", async () => {
    await t.db.update(syncSessions).set({ searchText: "" }).where(eq(syncSessions.id, beta.id));
    expect((await listSyncSessions(t.db, { q: "orders-beta" })).items).toEqual([]);
    expect(await backfillSearchText(t.db)).toBe(1);
    expect(ids(await listSyncSessions(t.db, { q: "orders-beta" }))).toEqual([beta.id]);

    const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, beta.id));
    await t.db.update(instances).set({ name: "invoices-beta" }).where(eq(instances.id, record!.instanceId));
    expect(await refreshSearchTextForInstance(t.db, record!.instanceId)).toBe(1);
    expect(ids(await listSyncSessions(t.db, { q: "invoices-beta" }))).toEqual([beta.id]);
    expect((await listSyncSessions(t.db, { q: "orders-beta" })).items).toEqual([]);
  });

  it("makes the errors of a run cancelled after a failure searchable", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "ops"));
    const down = await makePostgresInstance(t.db, "postgres://x:secret@127.0.0.1:2/elsewhere", "kiosk-down");
    const waiting = await makePostgresInstance(t.db, t.url, "kiosk-waiting");
    const session = await startBatch({ ctx, input: { category: "config", instanceIds: [down.id, waiting.id] } });
    const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.instanceId, down.id));
    expect(await runInstanceRecord(t.db, record!.id)).toMatchObject({ status: "failed" });
    const [failed] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.id, record!.id));
    await cancelSyncSession({ ctx, input: { sessionId: session.id } });
    const found = await listSyncSessions(t.db, { q: failed!.errorMessage!.slice(0, 30), status: "cancelled" });
    expect(ids(found)).toEqual([session.id]);
  });
});
