import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGameServerClient, UpstreamError, type FeedPage, type GameServerClient } from "@/lib/game-server/client";
import { DEFAULT_KNOBS, demoDirectory, startDemoGameServer, type DemoGameServer } from "@/lib/game-server/demo-server";
import { GAME_FEEDS, MEMBER_ROLES, type FeedItem, type GameFeed } from "@/lib/game-server/schemas";

const T0 = Date.parse("2026-03-01T12:00:00.000Z");
const EPOCH = T0 - 10 * 60_000;
const SEED = 42;

// A hand-driven clock: the feeds only move when a test advances it.
let clockMs = T0;
const now = () => clockMs;

let server: DemoGameServer;
const dir = demoDirectory(SEED);
const allTokens = [dir.operatorToken, ...dir.accounts.map((a) => a.token)];
const account = (id: string) => dir.accounts.find((a) => a.id === id)!;
// acct-1001: lucky-dragon only; acct-1003: golden-lotus and lucky-dragon.
const DRAGON = account("acct-1001");
const LOTUS = account("acct-1003");

function client(token: string, timeoutMs = 5_000): GameServerClient {
  return createGameServerClient({ baseUrl: server.url, token, timeoutMs });
}

function fetchPage<F extends GameFeed>(
  c: GameServerClient,
  feed: F,
  house: string,
  after: string | null,
  limit: number,
): Promise<FeedPage<FeedItem[F]>> {
  return c.fetchFeed(feed, house, after, limit);
}

/** Reads a feed from `after` to its current end, keeping every page with the cursor it was read from. */
async function walk<F extends GameFeed>(c: GameServerClient, feed: F, house: string, limit: number, after: string | null = null) {
  const pages: { after: string | null; page: FeedPage<FeedItem[F]> }[] = [];
  let cursor = after;
  for (let i = 0; i < 10_000; i++) {
    const page = await fetchPage(c, feed, house, cursor, limit);
    pages.push({ after: cursor, page });
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { pages, cursor: cursor!, items: pages.flatMap((p) => p.page.items), invalid: pages.flatMap((p) => p.page.invalid) };
}

/** Awaits a failure and checks it is an UpstreamError of `code` whose text carries no token. */
async function expectUpstreamError(promise: Promise<unknown>, code: string): Promise<UpstreamError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected an UpstreamError ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  const e = err as UpstreamError;
  expect({ code: e.code, message: e.message }).toMatchObject({ code });
  const text = `${e.message} ${String(e)} ${JSON.stringify(e)} ${e.stack ?? ""}`;
  for (const t of allTokens) expect(text).not.toContain(t);
  expect(e.message.length).toBeLessThan(400);
  return e;
}

beforeAll(async () => {
  server = await startDemoGameServer({ port: 0, seed: SEED, epochMs: EPOCH, now, controlPort: 0 });
});

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  await server.setKnobs({ ...DEFAULT_KNOBS });
});

describe("demo game server: auth", () => {
  it("rejects requests without a valid bearer token with 401 JSON", async () => {
    const res = await fetch(`${server.url}/v1/houses/lucky-dragon/battles`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });

    const bad = await fetch(`${server.url}/v1/houses`, { headers: { authorization: "Bearer gst_not-a-real-token" } });
    expect(bad.status).toBe(401);

    const wrong = "gst_0000000000000000000000000000000000000000";
    const e = await expectUpstreamError(client(wrong).fetchBattles("lucky-dragon", null, 10), "auth");
    expect(e.message).not.toContain(wrong);
    await expectUpstreamError(client("").listHouses(), "auth");
  });

  it("lets a token read only the houses of its account (403 otherwise)", async () => {
    const res = await fetch(`${server.url}/v1/houses/jade-palace/battles`, { headers: { authorization: `Bearer ${DRAGON.token}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });

    await expectUpstreamError(client(DRAGON.token).fetchBattles("jade-palace", null, 10), "permission");
    await expectUpstreamError(client(DRAGON.token).fetchMembers("golden-lotus", null, 10), "permission");
    // The operator token is for the directory, not for feeds.
    await expectUpstreamError(client(dir.operatorToken).fetchWallet("lucky-dragon", null, 10), "permission");
    await expectUpstreamError(client(DRAGON.token).fetchBattles("no-such-house", null, 10), "upstream_data");

    const ok = await client(LOTUS.token).fetchBattles("lucky-dragon", null, 5);
    expect(ok.items).toHaveLength(5);
  });

  it("lists the directory: everything for the operator, its own part for an account", async () => {
    const op = client(dir.operatorToken);
    const houses = await op.listHouses();
    expect(houses.map((h) => h.name)).toEqual(["Lucky Dragon", "Jade Palace", "Golden Lotus", "Red Phoenix"]);
    const accounts = await op.listAccounts();
    expect(accounts).toHaveLength(6);
    for (const a of accounts) expect(a.houseIds.length).toBeGreaterThanOrEqual(1);
    for (const h of houses) expect(accounts.some((a) => a.houseIds.includes(h.id))).toBe(true);
    expect(await op.me()).toEqual({ kind: "operator" });

    const mine = client(LOTUS.token);
    expect((await mine.listHouses()).map((h) => h.id).sort()).toEqual(["golden-lotus", "lucky-dragon"]);
    expect(await mine.listAccounts()).toEqual([{ id: LOTUS.id, username: LOTUS.username, houseIds: LOTUS.houseIds }]);
    expect(await mine.me()).toEqual({ kind: "account", accountId: LOTUS.id, username: LOTUS.username, houseIds: LOTUS.houseIds });
  });
});

describe("demo game server: feeds", () => {
  it.each(GAME_FEEDS)("pages through the whole %s feed with no gap or duplicate, deterministically", async (feed) => {
    const c = client(LOTUS.token);
    const canonical = server.items("golden-lotus", feed);
    expect(canonical.length).toBeGreaterThan(feed === "members" ? 20 : 80);

    const { pages, items, invalid } = await walk(c, feed, "golden-lotus", 37);
    expect(invalid).toEqual([]);
    expect(pages.length).toBe(Math.ceil(canonical.length / 37));
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(items).toEqual(canonical);
    const last = pages.at(-1)!.page;
    expect(last.hasMore).toBe(false);

    // Re-reading from any earlier cursor gives exactly the same items and cursors.
    for (const { after, page } of pages) {
      const again = await fetchPage(c, feed, "golden-lotus", after, 37);
      expect(again).toEqual(page);
    }
    // At the end: an empty page that hands back the same cursor.
    const tail = await fetchPage(c, feed, "golden-lotus", last.nextCursor, 37);
    expect(tail).toEqual({ items: [], invalid: [], nextCursor: last.nextCursor, hasMore: false });
  });

  it("keeps items in a total order with non-decreasing times", async () => {
    const c = client(LOTUS.token);
    const battles = (await walk(c, "battles", "lucky-dragon", 500)).items;
    const wallet = (await walk(c, "wallet", "lucky-dragon", 500)).items;
    const members = (await walk(c, "members", "lucky-dragon", 500)).items;
    const times = (xs: string[]) => xs.map((x) => Date.parse(x));
    for (const ts of [times(battles.map((b) => b.playedAt)), times(wallet.map((w) => w.occurredAt)), times(members.map((m) => m.at))]) {
      for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThanOrEqual(ts[i - 1]!);
      expect(ts[0]!).toBeGreaterThanOrEqual(EPOCH);
      expect(ts.at(-1)!).toBeLessThanOrEqual(clockMs);
    }
    for (const b of battles) {
      expect(b.players.filter((p) => p.won)).toHaveLength(1);
      expect(new Set(b.players.map((p) => p.playerId)).size).toBe(b.players.length);
    }
    for (const w of wallet) {
      if (w.kind === "recharge") expect(w.amountCents).toBeGreaterThan(0);
      if (w.kind === "withdrawal") expect(w.amountCents).toBeLessThan(0);
    }
  });

  it("emits membership changes that are consistent with the roster", async () => {
    const members = (await walk(client(DRAGON.token), "members", "lucky-dragon", 500)).items;
    const roster = new Map<string, string>();
    const changes = new Set<string>();
    for (const e of members) {
      changes.add(e.change);
      expect(MEMBER_ROLES).toContain(e.role);
      if (e.change === "joined") {
        expect(roster.has(e.playerId)).toBe(false);
        roster.set(e.playerId, e.role);
      } else if (e.change === "left") {
        expect(roster.get(e.playerId)).toBe(e.role);
        roster.delete(e.playerId);
      } else {
        expect(roster.has(e.playerId)).toBe(true);
        expect(roster.get(e.playerId)).not.toBe(e.role);
        roster.set(e.playerId, e.role);
      }
    }
    expect([...roster.values()].filter((r) => r === "owner")).toHaveLength(1);
    expect(changes).toEqual(new Set(["joined", "left", "role_changed"]));
    // Battles are played by current members.
    const battles = (await walk(client(DRAGON.token), "battles", "lucky-dragon", 500)).items;
    for (const b of battles) for (const p of b.players) expect(roster.has(p.playerId)).toBe(true);
  });

  it("serves new items as time passes, after the last cursor", async () => {
    const c = client(DRAGON.token);
    const before = await Promise.all(GAME_FEEDS.map((f) => walk(c, f, "lucky-dragon", 200)));
    clockMs += 60_000;
    for (const [i, feed] of GAME_FEEDS.entries()) {
      const prev = before[i]!;
      const next = await walk(c, feed, "lucky-dragon", 200, prev.cursor);
      const min = { battles: 25, wallet: 8, members: 2 }[feed];
      expect(next.items.length).toBeGreaterThanOrEqual(min);
      const seen = new Set(prev.items.map((x) => x.id));
      for (const x of next.items) expect(seen.has(x.id)).toBe(false);
      // Together they are the feed from the start, in order.
      expect([...prev.items, ...next.items]).toEqual(server.items("lucky-dragon", feed));
    }
  });

  it("gives identical feeds and interchangeable cursors for the same seed and epoch", async () => {
    const twin = await startDemoGameServer({ seed: SEED, epochMs: EPOCH, now });
    const other = await startDemoGameServer({ seed: 7, epochMs: EPOCH, now });
    const later = await startDemoGameServer({ seed: SEED, epochMs: EPOCH + 1, now });
    try {
      const c = client(DRAGON.token);
      const page = await c.fetchBattles("lucky-dragon", null, 50);
      const onTwin = createGameServerClient({ baseUrl: twin.url, token: DRAGON.token });
      expect(await onTwin.fetchBattles("lucky-dragon", null, 50)).toEqual(page);
      const mid = await c.fetchBattles("lucky-dragon", page.nextCursor, 20);
      expect(await onTwin.fetchBattles("lucky-dragon", page.nextCursor, 20)).toEqual(mid);
      for (const f of GAME_FEEDS) expect(twin.items("red-phoenix", f)).toEqual(server.items("red-phoenix", f));

      expect(other.items("lucky-dragon", "battles")).not.toEqual(server.items("lucky-dragon", "battles"));
      expect(other.directory.accounts[0]!.token).not.toBe(DRAGON.token);
      // A cursor from another generation (different epoch) is refused, not silently misread.
      const onLater = createGameServerClient({ baseUrl: later.url, token: DRAGON.token });
      const e = await expectUpstreamError(onLater.fetchBattles("lucky-dragon", page.nextCursor, 20), "upstream_data");
      expect(e.message).toMatch(/cursor/);
    } finally {
      await Promise.all([twin.close(), other.close(), later.close()]);
    }
  });

  it("refuses bad cursors and limits", async () => {
    const c = client(LOTUS.token);
    await expectUpstreamError(c.fetchBattles("lucky-dragon", "not a cursor!", 10), "upstream_data");
    const wallet = await c.fetchWallet("lucky-dragon", null, 3);
    await expectUpstreamError(c.fetchBattles("lucky-dragon", wallet.nextCursor, 10), "upstream_data");
    await expectUpstreamError(c.fetchWallet("golden-lotus", wallet.nextCursor, 10), "upstream_data");

    const res = await fetch(`${server.url}/v1/houses/lucky-dragon/battles?limit=501`, {
      headers: { authorization: `Bearer ${LOTUS.token}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    // The client clamps to the contract's maximum.
    expect((await c.fetchBattles("lucky-dragon", null, 10_000)).items.length).toBeLessThanOrEqual(500);
  });

  it("speeds up, slows down and pauses with rateMultiplier without moving items already due", async () => {
    const before = server.items("jade-palace", "battles");
    await server.setKnobs({ rateMultiplier: 10 });
    clockMs += 10_000;
    const fast = server.items("jade-palace", "battles");
    expect(fast.slice(0, before.length)).toEqual(before);
    expect(fast.length - before.length).toBeGreaterThanOrEqual(50);
    expect(fast.length - before.length).toBeLessThanOrEqual(100);
    for (const b of fast.slice(before.length)) expect(Date.parse(b.playedAt)).toBeLessThanOrEqual(clockMs);

    await server.setKnobs({ rateMultiplier: 0 });
    clockMs += 60_000;
    expect(server.items("jade-palace", "battles")).toEqual(fast);
    await server.setKnobs({ rateMultiplier: 1 });
    clockMs += 10_000;
    const resumed = server.items("jade-palace", "battles");
    expect(resumed.slice(0, fast.length)).toEqual(fast);
    expect(resumed.length - fast.length).toBeGreaterThanOrEqual(5);
    expect(resumed.length - fast.length).toBeLessThanOrEqual(10);
  });

  it("produces new items in real time with the default clock", async () => {
    const live = await startDemoGameServer({ seed: SEED, backlogMs: 5_000, knobs: { rateMultiplier: 20 } });
    try {
      const c = createGameServerClient({ baseUrl: live.url, token: DRAGON.token });
      const first = await c.fetchBattles("lucky-dragon", null, 500);
      let got = 0;
      for (let i = 0; i < 40 && got === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        got = (await c.fetchBattles("lucky-dragon", first.nextCursor, 500)).items.length;
      }
      expect(got).toBeGreaterThan(0);
    } finally {
      await live.close();
    }
  });

  it("counts what it served per house and feed", async () => {
    server.resetStats();
    const c = client(LOTUS.token);
    const p1 = await c.fetchBattles("golden-lotus", null, 10);
    await c.fetchBattles("golden-lotus", p1.nextCursor, 5);
    await c.fetchMembers("lucky-dragon", null, 4);
    await expectUpstreamError(c.fetchBattles("red-phoenix", null, 10), "permission");
    const s = server.stats;
    expect(s.feeds["golden-lotus"]!.battles).toEqual({ pages: 2, items: 15, malformed: 0, lastSeq: 15 });
    expect(s.feeds["lucky-dragon"]!.members).toEqual({ pages: 1, items: 4, malformed: 0, lastSeq: 4 });
    expect(s.feeds["red-phoenix"]!.battles.pages).toBe(0);
    expect(s.requests).toBe(4);
    expect(s.responses).toEqual({ 200: 3, 403: 1 });
  });
});

describe("demo game server: knobs", () => {
  it("errorRate answers 500, which the client reports as a network-class error", async () => {
    server.resetStats();
    await server.setKnobs({ errorRate: 1 });
    const e = await expectUpstreamError(client(DRAGON.token).fetchBattles("lucky-dragon", null, 10), "network");
    expect(e.message).toMatch(/500/);
    await expectUpstreamError(client(DRAGON.token).listHouses(), "network");
    expect(server.stats.injectedErrors).toBe(2);

    await server.setKnobs({ errorRate: 0.5 });
    let failures = 0;
    for (let i = 0; i < 40; i++)
      await client(DRAGON.token)
        .me()
        .catch(() => failures++);
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it("latencyMs beyond the client timeout is a timeout; below it the call just takes longer", async () => {
    await server.setKnobs({ latencyMs: 400 });
    const e = await expectUpstreamError(client(DRAGON.token, 100).fetchBattles("lucky-dragon", null, 10), "timeout");
    expect(e.message).toMatch(/100 ms/);

    await server.setKnobs({ latencyMs: 80 });
    const t = Date.now();
    expect((await client(DRAGON.token, 2_000).fetchBattles("lucky-dragon", null, 10)).items).toHaveLength(10);
    expect(Date.now() - t).toBeGreaterThanOrEqual(75);
  });

  it("malformedRate corrupts some items: they are listed as invalid while the rest still come back", async () => {
    server.resetStats();
    await server.setKnobs({ malformedRate: 0.3 });
    const c = client(LOTUS.token);
    for (const feed of GAME_FEEDS) {
      const canonical = server.items("golden-lotus", feed);
      const { pages, items, invalid } = await walk(c, feed, "golden-lotus", 50);
      expect(invalid.length).toBeGreaterThan(0);
      expect(items.length).toBeGreaterThan(0);
      expect(items.length + invalid.length).toBe(canonical.length);
      // Valid items are untouched; every invalid one stands for exactly one skipped canonical item.
      const byId = new Map(canonical.map((x) => [x.id, x]));
      for (const x of items) expect(x).toEqual(byId.get(x.id));
      for (const bad of invalid) {
        expect(bad.error.length).toBeGreaterThan(0);
        expect(bad.item.length).toBeGreaterThan(0);
        if (bad.id !== null) expect(items.some((x) => x.id === bad.id)).toBe(false);
      }
      for (const { page } of pages) expect(page.items.length + page.invalid.length).toBeLessThanOrEqual(50);
      // The same item is malformed on every read while the knob holds.
      const again = await fetchPage(c, feed, "golden-lotus", pages[0]!.after, 50);
      expect(again).toEqual(pages[0]!.page);
    }
    expect(server.stats.feeds["golden-lotus"]!.battles.malformed).toBeGreaterThan(0);
  });

  it("dropRate cuts responses mid-body: a network error", async () => {
    server.resetStats();
    await server.setKnobs({ dropRate: 1 });
    const e = await expectUpstreamError(client(DRAGON.token).fetchBattles("lucky-dragon", null, 100), "network");
    expect(e.message).toMatch(/closed before the response was complete/);
    expect(server.stats.drops).toBe(1);
    expect(server.stats.feeds["lucky-dragon"]!.battles.pages).toBe(0);
    await server.setKnobs({ dropRate: 0 });
    expect((await client(DRAGON.token).fetchBattles("lucky-dragon", null, 100)).items).toHaveLength(100);
  });

  it("down closes the port (connection refused, in-flight requests reset) and recovers on down=false", async () => {
    const c = client(DRAGON.token);
    const port = server.port;
    await server.setKnobs({ latencyMs: 300 });
    const inFlight = c.fetchBattles("lucky-dragon", null, 10);
    await new Promise((r) => setTimeout(r, 50));
    await server.setKnobs({ down: true, latencyMs: 0 });
    await expectUpstreamError(inFlight, "network");
    const e = await expectUpstreamError(c.fetchBattles("lucky-dragon", null, 10), "network");
    expect(e.message).toMatch(/refused/);
    expect(server.knobs.down).toBe(true);

    await server.setKnobs({ down: false });
    expect(server.port).toBe(port);
    expect((await c.fetchBattles("lucky-dragon", null, 10)).items).toHaveLength(10);
  });

  it("takes knobs over HTTP on the control port, which stays up while the server is down", async () => {
    const post = (body: unknown) => fetch(`${server.controlUrl}/__knobs`, { method: "POST", body: JSON.stringify(body) });
    const res = await post({ down: true, downForMs: 300 });
    expect(res.status).toBe(200);
    expect((await res.json()).knobs).toMatchObject({ down: true });
    await expectUpstreamError(client(DRAGON.token).me(), "network");
    // Comes back by itself after downForMs.
    const until = Date.now() + 5_000;
    for (;;) {
      const ok = await client(DRAGON.token)
        .me()
        .then(() => true)
        .catch(() => false);
      if (ok) break;
      expect(Date.now()).toBeLessThan(until);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(server.knobs.down).toBe(false);

    expect((await post({ errorRate: 2 })).status).toBe(400);
    await expect(server.setKnobs({ malformedRate: -1 })).rejects.toThrow(RangeError);
    const onMain = await fetch(`${server.url}/__knobs`, { method: "POST", body: JSON.stringify({ latencyMs: 5 }) });
    expect((await onMain.json()).knobs.latencyMs).toBe(5);
    expect(await (await fetch(`${server.controlUrl}/__stats`)).json()).toMatchObject({ feeds: expect.any(Object) });
  });
});
