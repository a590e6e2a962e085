/**
 * The demo game server: speaks docs/game-server-contract.md over plain node:http, with seeded
 * deterministic houses, accounts and feeds, and knobs that inject the failures a real game server
 * shows (latency, 500s, malformed items, dropped connections, a server that is down).
 *
 * Determinism: item N of a feed is a pure function of (seed, house, feed, N) and the server's epoch
 * as long as `rateMultiplier` stays 1; two servers with the same seed and epoch serve identical
 * feeds, and re-reading from any cursor returns identical items.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  DEFAULT_PAGE_LIMIT,
  GAME_FEEDS,
  MAX_PAGE_LIMIT,
  type Battle,
  type FeedItem,
  type GameAccountInfo,
  type GameFeed,
  type GameHouse,
  type MemberEvent,
  type WalletTransaction,
} from "./schemas";

// ---------------------------------------------------------------------------------------------
// Public types

export type DemoKnobs = {
  /** Delay before every /v1 response, in ms. */
  latencyMs: number;
  /** Share of /v1 requests answered with 500 `internal` (0–1). */
  errorRate: number;
  /** Share of feed items served malformed (0–1); which items is a deterministic function of the item. */
  malformedRate: number;
  /** Share of /v1 responses cut off mid-body by destroying the socket (0–1). */
  dropRate: number;
  /** Share of /v1 requests answered 429 `rate_limited` with `Retry-After: 1` (0–1). */
  rateLimitRate: number;
  /** true: the listening socket is closed and open connections are destroyed (ECONNREFUSED / ECONNRESET). */
  down: boolean;
  /** Speed of the feeds: 2 = twice as many new items per second, 0 = no new items. */
  rateMultiplier: number;
};

export type DemoKnobsUpdate = Partial<DemoKnobs> & {
  /** With `down: true`: come back up by itself after this many ms. */
  downForMs?: number;
};

export const DEFAULT_KNOBS: Readonly<DemoKnobs> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  malformedRate: 0,
  dropRate: 0,
  rateLimitRate: 0,
  down: false,
  rateMultiplier: 1,
});

export type DemoAccount = GameAccountInfo & { token: string };

export type DemoDirectory = {
  houses: GameHouse[];
  accounts: DemoAccount[];
  /** Reads the directory (all houses and accounts) but no feed. */
  operatorToken: string;
};

export type FeedStats = {
  /** Pages fully sent. */
  pages: number;
  /** Items in fully sent pages, malformed ones included. */
  items: number;
  /** Of those, items sent malformed. */
  malformed: number;
  /** Highest item sequence number (1-based) sent in a full page; 0 when none. */
  lastSeq: number;
};

export type DemoServerStats = {
  /** /v1 requests received (including refused, failed and dropped ones). */
  requests: number;
  /** Fully sent /v1 responses by status code. */
  responses: Record<string, number>;
  /** 500s injected by `errorRate`. */
  injectedErrors: number;
  /** Responses cut off by `dropRate`. */
  drops: number;
  /** 429s injected by `rateLimitRate`. */
  rateLimited: number;
  /** Connections destroyed by going down. */
  connectionsKilled: number;
  feeds: Record<string, Record<GameFeed, FeedStats>>;
};

export type DemoGameServerOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 42. */
  seed?: number;
  /** Start of the feeds (ms since 1970). Default: now − `backlogMs`. Pass the same epoch on restart to keep cursors valid. */
  epochMs?: number;
  /** History already present at start when no epoch is given; default 10 minutes. */
  backlogMs?: number;
  knobs?: Partial<DemoKnobs>;
  /** Clock, for tests; default Date.now. */
  now?: () => number;
  /** Dice for errorRate and dropRate, for tests; default Math.random. */
  random?: () => number;
  /** Also serve /__knobs, /__stats and /__directory on this port, which stays up while `down`. */
  controlPort?: number;
  /** Serve the /__ control routes on the main port too (default true). */
  exposeControl?: boolean;
};

export type DemoGameServer = {
  /** `http://host:port` of the game API. */
  readonly url: string;
  readonly port: number;
  /** `http://host:port` of the control listener, or null without `controlPort`. */
  readonly controlUrl: string | null;
  readonly seed: number;
  readonly epochMs: number;
  readonly directory: DemoDirectory;
  /** A copy of the current knobs. */
  readonly knobs: DemoKnobs;
  /** A snapshot of the counters. */
  readonly stats: DemoServerStats;
  /** Applies the given knobs; resolves once they are in effect (e.g. the port is closed or listening again). */
  setKnobs(update: DemoKnobsUpdate): Promise<DemoKnobs>;
  /** The canonical (never malformed) items of a feed generated up to now, in feed order. */
  items<F extends GameFeed>(houseId: string, feed: F): FeedItem[F][];
  resetStats(): void;
  close(): Promise<void>;
};

// ---------------------------------------------------------------------------------------------
// Seeded world

const HOUSES: GameHouse[] = [
  { id: "lucky-dragon", name: "Lucky Dragon" },
  { id: "jade-palace", name: "Jade Palace" },
  { id: "golden-lotus", name: "Golden Lotus" },
  { id: "red-phoenix", name: "Red Phoenix" },
];

const ACCOUNTS: GameAccountInfo[] = [
  { id: "acct-1001", username: "dragon_boss", houseIds: ["lucky-dragon"] },
  { id: "acct-1002", username: "jade_keeper", houseIds: ["jade-palace"] },
  { id: "acct-1003", username: "lotus_host", houseIds: ["golden-lotus", "lucky-dragon"] },
  { id: "acct-1004", username: "phoenix_mgr", houseIds: ["red-phoenix"] },
  { id: "acct-1005", username: "night_owl", houseIds: ["jade-palace", "red-phoenix"] },
  { id: "acct-1006", username: "lucky_seven", houseIds: ["golden-lotus"] },
];

const NICK_A = ["Swift", "Silent", "Golden", "Lucky", "Iron", "Jade", "Crimson", "Misty", "Bold", "Wise", "Sly", "Brave"];
const NICK_B = ["Tiger", "Crane", "Dragon", "Panda", "Fox", "Koi", "Monkey", "Ox", "Phoenix", "Snake", "Horse", "Rabbit"];
const PLAYER_POOL = 60;
const PLAYERS_PER_HOUSE = 24;
/** Regulars join at the epoch and never leave; battles and wallet transactions are theirs. */
const REGULARS = 8;
/** Further members present at the epoch, who may leave later. */
const INITIAL_GUESTS = 6;
/** Gaps between items of a feed at rateMultiplier 1, in ms. */
const GAP_MS: Record<GameFeed, [number, number]> = { battles: [1000, 2000], wallet: [2000, 6000], members: [8000, 20000] };
const DEFAULT_SEED = 42;
const DEFAULT_BACKLOG_MS = 10 * 60_000;

/** 53-bit string hash (cyrb53). */
function hash53(str: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A uniform number in [0, 1) determined by the seed and the parts. */
function dice(seed: number, ...parts: (string | number)[]): number {
  return hash53(parts.join("|"), seed) / 2 ** 53;
}

function between(seed: number, lo: number, hi: number, ...parts: (string | number)[]): number {
  return lo + Math.floor(dice(seed, ...parts) * (hi - lo + 1));
}

function deriveToken(seed: number, prefix: string, subject: string): string {
  return `${prefix}_${createHash("sha256").update(`syncdeck-demo-game:${seed}:${subject}`).digest("hex").slice(0, 40)}`;
}

/** Houses, accounts and tokens of the demo server for a seed (what `npm start` can register as demo data). */
export function demoDirectory(seed: number = DEFAULT_SEED): DemoDirectory {
  return {
    houses: HOUSES.map((h) => ({ ...h })),
    accounts: ACCOUNTS.map((a) => ({ ...a, houseIds: [...a.houseIds], token: deriveToken(seed, "gst", a.id) })),
    operatorToken: deriveToken(seed, "gso", "operator"),
  };
}

type Player = { id: string; nickname: string };

function playerPool(seed: number): Player[] {
  return Array.from({ length: PLAYER_POOL }, (_, k) => ({
    id: `p${1001 + k}`,
    nickname: `${NICK_A[between(seed, 0, NICK_A.length - 1, "nick-a", k)]}${NICK_B[between(seed, 0, NICK_B.length - 1, "nick-b", k)]}${between(seed, 1, 99, "nick-n", k)}`,
  }));
}

/** The house's players in a seeded order: the first REGULARS are regulars, regulars[0] the owner. */
function housePlayers(seed: number, houseId: string, pool: Player[]): Player[] {
  return pool
    .map((p) => ({ p, k: dice(seed, "roster", houseId, p.id) }))
    .sort((a, b) => a.k - b.k)
    .slice(0, PLAYERS_PER_HOUSE)
    .map((x) => x.p);
}

// ---------------------------------------------------------------------------------------------
// Feeds

/**
 * The server's feed clock. Items are scheduled on a virtual timeline (pure function of the seed);
 * virtual time runs at `rate` × real time, so changing the rate later never moves items already due.
 */
type Clock = { realStart: number; virtualStart: number; rate: number };

function virtualAt(clock: Clock, now: number): number {
  return clock.virtualStart + Math.max(0, now - clock.realStart) * clock.rate;
}

class FeedLog {
  /** Real time (ms) of item seq = index + 1. */
  readonly times: number[] = [];
  private nextVirtual: number;

  constructor(
    private readonly gapMs: (seq: number) => number,
    private readonly onAppend: (seq: number, at: number) => void = () => {},
  ) {
    this.nextVirtual = gapMs(1);
  }

  /** Appends every item due by `now` under the current clock segment. */
  advance(clock: Clock, now: number) {
    const v = virtualAt(clock, now);
    while (this.nextVirtual <= v) {
      const at = clock.rate > 0 ? clock.realStart + (this.nextVirtual - clock.virtualStart) / clock.rate : clock.realStart;
      const seq = this.times.length + 1;
      const prev = this.times[this.times.length - 1] ?? -Infinity;
      const t = Math.max(prev, Math.floor(at));
      this.times.push(t);
      this.onAppend(seq, t);
      this.nextVirtual += this.gapMs(seq + 1);
    }
  }
}

type MemberState = { roster: Map<string, string>; outsiders: Player[]; events: MemberEvent[] };

class House {
  readonly logs: Record<GameFeed, FeedLog>;
  private readonly regulars: Player[];
  private readonly playersById: Map<string, Player>;
  private readonly members: MemberState;

  constructor(
    private readonly seed: number,
    readonly info: GameHouse,
    pool: Player[],
  ) {
    const players = housePlayers(seed, info.id, pool);
    this.regulars = players.slice(0, REGULARS);
    this.playersById = new Map(players.map((p) => [p.id, p]));
    const initial = players.slice(0, REGULARS + INITIAL_GUESTS);
    this.members = { roster: new Map(), outsiders: players.slice(REGULARS + INITIAL_GUESTS), events: [] };
    const gap = (feed: GameFeed) => (seq: number) => between(seed, GAP_MS[feed][0], GAP_MS[feed][1], "gap", info.id, feed, seq);
    const memberGap = gap("members");
    this.logs = {
      battles: new FeedLog(gap("battles")),
      wallet: new FeedLog(gap("wallet")),
      // The initial roster joins at the epoch itself.
      members: new FeedLog(
        (seq) => (seq <= initial.length ? 0 : memberGap(seq)),
        (seq, at) => this.members.events.push(this.nextMemberEvent(seq, at, initial)),
      ),
    };
  }

  advance(clock: Clock, now: number) {
    for (const f of GAME_FEEDS) this.logs[f].advance(clock, now);
  }

  count(feed: GameFeed): number {
    return this.logs[feed].times.length;
  }

  /** Item `seq` (1-based) of a feed; must already be generated. */
  item<F extends GameFeed>(feed: F, seq: number): FeedItem[F] {
    const at = this.logs[feed].times[seq - 1];
    if (at === undefined) throw new RangeError(`item ${seq} of ${feed} not generated yet`);
    if (feed === "battles") return this.battle(seq, at) as FeedItem[F];
    if (feed === "wallet") return this.walletTx(seq, at) as FeedItem[F];
    return { ...this.members.events[seq - 1]! } as FeedItem[F];
  }

  private battle(seq: number, at: number): Battle {
    const { seed } = this;
    const h = this.info.id;
    const n = between(seed, 2, 4, "b-n", h, seq);
    const picked = this.regulars
      .map((p) => ({ p, k: dice(seed, "b-pick", h, seq, p.id) }))
      .sort((a, b) => a.k - b.k)
      .slice(0, n)
      .map(({ p }) => ({ playerId: p.id, score: between(seed, 0, 1000, "b-score", h, seq, p.id) }));
    const best = Math.max(...picked.map((p) => p.score));
    const winner = picked.findIndex((p) => p.score === best);
    return {
      id: `${h}-b${seq}`,
      playedAt: new Date(at).toISOString(),
      players: picked.map((p, i) => ({ ...p, won: i === winner })),
    };
  }

  private walletTx(seq: number, at: number): WalletTransaction {
    const { seed } = this;
    const h = this.info.id;
    const player = this.regulars[between(seed, 0, this.regulars.length - 1, "w-player", h, seq)]!;
    const r = dice(seed, "w-kind", h, seq);
    let kind: WalletTransaction["kind"];
    let amountCents: number;
    if (r < 0.55) {
      kind = "recharge";
      amountCents = between(seed, 5, 500, "w-amount", h, seq) * 100;
    } else if (r < 0.9) {
      kind = "withdrawal";
      amountCents = -between(seed, 5, 300, "w-amount", h, seq) * 100;
    } else {
      kind = "adjustment";
      amountCents = between(seed, -2000, 2000, "w-amount", h, seq) || 1;
    }
    return { id: `${h}-w${seq}`, playerId: player.id, kind, amountCents, occurredAt: new Date(at).toISOString() };
  }

  /** Member events depend on the roster so far, hence are generated strictly in order. */
  private nextMemberEvent(seq: number, at: number, initial: Player[]): MemberEvent {
    const { seed } = this;
    const h = this.info.id;
    const { roster, outsiders } = this.members;
    const event = (p: Player, role: string, change: MemberEvent["change"]): MemberEvent => ({
      id: `${h}-m${seq}`,
      playerId: p.id,
      nickname: p.nickname,
      role,
      change,
      at: new Date(at).toISOString(),
    });
    const initialPlayer = initial[seq - 1];
    if (initialPlayer) {
      const role = seq === 1 ? "owner" : seq <= 3 ? "manager" : "member";
      roster.set(initialPlayer.id, role);
      return event(initialPlayer, role, "joined");
    }
    const regularIds = new Set(this.regulars.map((p) => p.id));
    const byId = this.playersById;
    const leavable = [...roster.keys()].filter((id) => !regularIds.has(id));
    const changeable = [...roster.entries()].filter(([, role]) => role !== "owner").map(([id]) => id);
    const r = dice(seed, "m-kind", h, seq);
    const pick = <T>(list: T[], what: string): T => list[between(seed, 0, list.length - 1, what, h, seq)]!;
    if (outsiders.length > 0 && (r < 0.45 || leavable.length === 0)) {
      const p = pick(outsiders, "m-join");
      outsiders.splice(outsiders.indexOf(p), 1);
      roster.set(p.id, "member");
      return event(p, "member", "joined");
    }
    if (leavable.length > 0 && r < 0.75) {
      const id = pick(leavable, "m-leave");
      const role = roster.get(id)!;
      roster.delete(id);
      const p = byId.get(id)!;
      outsiders.push(p);
      return event(p, role, "left");
    }
    const id = pick(changeable, "m-role");
    const role = roster.get(id) === "manager" ? "member" : "manager";
    roster.set(id, role);
    return event(byId.get(id)!, role, "role_changed");
  }
}

// ---------------------------------------------------------------------------------------------
// Cursors: base64url("1.<generation>.<feed>.<seq>.<houseId>"), seq = items already seen.

function encodeCursor(generation: string, houseId: string, feed: GameFeed, seq: number): string {
  return Buffer.from(`1.${generation}.${feed}.${seq}.${houseId}`).toString("base64url");
}

function decodeCursor(cursor: string): { generation: string; feed: string; seq: number; houseId: string } | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split(".");
  if (parts.length < 5 || parts[0] !== "1" || !/^\d{1,12}$/.test(parts[3]!)) return null;
  return { generation: parts[1]!, feed: parts[2]!, seq: Number(parts[3]), houseId: parts.slice(4).join(".") };
}

// ---------------------------------------------------------------------------------------------
// Malformed items: what a buggy upstream sends instead of the real item.

type Corruption = (item: Record<string, unknown>) => void;
const CORRUPTIONS: Record<GameFeed, Corruption[]> = {
  battles: [
    (i) => delete i.playedAt,
    (i) => (i.playedAt = 1_700_000_000),
    (i) => (i.players = "p1001,p1002"),
    (i) => (i.players = (i.players as Record<string, unknown>[]).map((p) => ({ ...p, score: String(p.score) }))),
    (i) => delete i.id,
  ],
  wallet: [
    (i) => delete i.amountCents,
    (i) => (i.amountCents = (Number(i.amountCents) / 100).toFixed(2)),
    (i) => (i.kind = "refund"),
    (i) => (i.occurredAt = "yesterday"),
    (i) => (i.playerId = 1001),
  ],
  members: [(i) => delete i.nickname, (i) => (i.change = "kicked"), (i) => (i.at = null), (i) => delete i.playerId, (i) => (i.role = 3)],
};

// ---------------------------------------------------------------------------------------------
// HTTP

type Principal = { kind: "operator" } | { kind: "account"; account: GameAccountInfo };
type Reply = { status: number; body: unknown; onSent?: () => void };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const FEED_PATH = /^\/v1\/houses\/([^/]+)\/(battles|wallet|members)$/;

function validateKnobs(update: DemoKnobsUpdate): void {
  const rate = (name: keyof DemoKnobs) => {
    const v = update[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1))
      throw new RangeError(`${name} must be a number from 0 to 1`);
  };
  rate("errorRate");
  rate("malformedRate");
  rate("dropRate");
  rate("rateLimitRate");
  const { latencyMs, rateMultiplier, down, downForMs } = update;
  if (latencyMs !== undefined && (typeof latencyMs !== "number" || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 600_000))
    throw new RangeError("latencyMs must be a number from 0 to 600000");
  if (
    rateMultiplier !== undefined &&
    (typeof rateMultiplier !== "number" || !Number.isFinite(rateMultiplier) || rateMultiplier < 0 || rateMultiplier > 1000)
  )
    throw new RangeError("rateMultiplier must be a number from 0 to 1000");
  if (down !== undefined && typeof down !== "boolean") throw new RangeError("down must be true or false");
  if (downForMs !== undefined && (typeof downForMs !== "number" || !Number.isFinite(downForMs) || downForMs <= 0))
    throw new RangeError("downForMs must be a positive number");
}

function emptyFeedStats(): Record<GameFeed, FeedStats> {
  return {
    battles: { pages: 0, items: 0, malformed: 0, lastSeq: 0 },
    wallet: { pages: 0, items: 0, malformed: 0, lastSeq: 0 },
    members: { pages: 0, items: 0, malformed: 0, lastSeq: 0 },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readBody(req: http.IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, "invalid_request", "Body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startDemoGameServer(opts: DemoGameServerOptions = {}): Promise<DemoGameServer> {
  const host = opts.host ?? "127.0.0.1";
  const seed = opts.seed ?? DEFAULT_SEED;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const exposeControl = opts.exposeControl ?? true;
  const epochMs = Math.floor(opts.epochMs ?? now() - (opts.backlogMs ?? DEFAULT_BACKLOG_MS));
  const initialKnobs = { ...DEFAULT_KNOBS, ...opts.knobs };
  validateKnobs(initialKnobs);
  const knobs: DemoKnobs = { ...initialKnobs, down: false };

  const directory = demoDirectory(seed);
  const generation = hash53(`${seed}:${epochMs}`, 7).toString(36);
  const pool = playerPool(seed);
  const houses = new Map(HOUSES.map((h) => [h.id, new House(seed, h, pool)]));
  const principals = new Map<string, Principal>([[directory.operatorToken, { kind: "operator" }]]);
  for (const a of directory.accounts) principals.set(a.token, { kind: "account", account: ACCOUNTS.find((x) => x.id === a.id)! });

  const clock: Clock = { realStart: epochMs, virtualStart: 0, rate: knobs.rateMultiplier };
  const advanceAll = (t: number) => {
    for (const h of houses.values()) h.advance(clock, t);
  };

  const newStats = (): DemoServerStats => ({
    requests: 0,
    responses: {},
    injectedErrors: 0,
    drops: 0,
    rateLimited: 0,
    connectionsKilled: 0,
    feeds: Object.fromEntries(HOUSES.map((h) => [h.id, emptyFeedStats()])),
  });
  let stats = newStats();

  // --- routes

  function authenticate(req: http.IncomingMessage): Principal {
    const header = req.headers.authorization;
    if (!header) throw new HttpError(401, "unauthorized", "Missing Authorization: Bearer <token> header");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const principal = m ? principals.get(m[1]!) : undefined;
    if (!principal) throw new HttpError(401, "unauthorized", "Invalid or revoked token");
    return principal;
  }

  function feedPage(principal: Principal, houseId: string, feed: GameFeed, query: URLSearchParams): Reply {
    const house = houses.get(houseId);
    if (!house) throw new HttpError(404, "not_found", `No house ${houseId}`);
    if (principal.kind === "operator")
      throw new HttpError(403, "forbidden", "The operator token reads the directory only; feeds need a game account token");
    if (!principal.account.houseIds.includes(houseId))
      throw new HttpError(403, "forbidden", `Account ${principal.account.id} does not belong to house ${houseId}`);

    const rawLimit = query.get("limit");
    let limit = DEFAULT_PAGE_LIMIT;
    if (rawLimit !== null && rawLimit !== "") {
      if (!/^\d{1,6}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_PAGE_LIMIT)
        throw new HttpError(400, "invalid_request", `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
      limit = Number(rawLimit);
    }
    let after = 0;
    const rawAfter = query.get("after");
    if (rawAfter) {
      const c = decodeCursor(rawAfter);
      if (!c) throw new HttpError(400, "invalid_cursor", "Malformed cursor");
      if (c.houseId !== houseId || c.feed !== feed)
        throw new HttpError(400, "invalid_cursor", `The cursor belongs to another feed, not ${feed} of ${houseId}`);
      if (c.generation !== generation)
        throw new HttpError(
          400,
          "invalid_cursor",
          "The cursor comes from another generation of this server's data; start over without `after`",
        );
      after = c.seq;
    }

    house.advance(clock, now());
    const total = house.count(feed);
    const from = Math.min(after, total);
    const to = Math.min(from + limit, total);
    const items: unknown[] = [];
    let malformed = 0;
    for (let seq = from + 1; seq <= to; seq++) {
      const item = house.item(feed, seq);
      if (knobs.malformedRate > 0 && dice(seed, "malformed", houseId, feed, seq) < knobs.malformedRate) {
        const copy = structuredClone(item) as Record<string, unknown>;
        const variants = CORRUPTIONS[feed];
        variants[between(seed, 0, variants.length - 1, "malformed-kind", houseId, feed, seq)]!(copy);
        items.push(copy);
        malformed++;
      } else items.push(item);
    }
    // Past the end (only with a cursor from a run with another rateMultiplier): echo it, nothing new yet.
    const nextCursor = after > total ? rawAfter! : encodeCursor(generation, houseId, feed, to);
    return {
      status: 200,
      body: { items, nextCursor, hasMore: to < total },
      onSent: () => {
        const s = stats.feeds[houseId]![feed];
        s.pages++;
        s.items += items.length;
        s.malformed += malformed;
        if (items.length > 0) s.lastSeq = Math.max(s.lastSeq, to);
      },
    };
  }

  function route(req: http.IncomingMessage, url: URL): Reply {
    const principal = authenticate(req);
    if (req.method !== "GET") throw new HttpError(405, "method_not_allowed", `${req.method} is not allowed here`);
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/v1/me") {
      if (principal.kind === "operator") return { status: 200, body: { kind: "operator" } };
      const a = principal.account;
      return { status: 200, body: { kind: "account", accountId: a.id, username: a.username, houseIds: a.houseIds } };
    }
    if (path === "/v1/houses") {
      const visible = principal.kind === "operator" ? HOUSES : HOUSES.filter((h) => principal.account.houseIds.includes(h.id));
      return { status: 200, body: { items: visible.map((h) => ({ ...h })) } };
    }
    if (path === "/v1/accounts") {
      const visible = principal.kind === "operator" ? ACCOUNTS : [principal.account];
      return { status: 200, body: { items: visible.map((a) => ({ id: a.id, username: a.username, houseIds: a.houseIds })) } };
    }
    const m = FEED_PATH.exec(path);
    if (m) return feedPage(principal, decodeURIComponent(m[1]!), m[2] as GameFeed, url.searchParams);
    throw new HttpError(404, "not_found", `No route ${path}`);
  }

  async function control(req: http.IncomingMessage, url: URL): Promise<Reply> {
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/__knobs" && req.method === "GET") return { status: 200, body: { knobs: { ...knobs } } };
    if (path === "/__knobs" && req.method === "POST") {
      let update: unknown;
      try {
        update = JSON.parse((await readBody(req)) || "{}");
      } catch {
        throw new HttpError(400, "invalid_request", "Body must be JSON");
      }
      if (typeof update !== "object" || update === null || Array.isArray(update))
        throw new HttpError(400, "invalid_request", "Body must be a JSON object");
      try {
        return { status: 200, body: { knobs: await setKnobs(update as DemoKnobsUpdate) } };
      } catch (err) {
        if (err instanceof RangeError) throw new HttpError(400, "invalid_request", err.message);
        throw err;
      }
    }
    if (path === "/__stats" && req.method === "GET") return { status: 200, body: structuredClone(stats) };
    if (path === "/__stats/reset" && req.method === "POST") {
      stats = newStats();
      return { status: 200, body: { ok: true } };
    }
    if (path === "/__directory" && req.method === "GET") return { status: 200, body: directory };
    if (path === "/__health" && req.method === "GET") return { status: 200, body: { ok: true, down: knobs.down, seed, epochMs } };
    throw new HttpError(404, "not_found", `No route ${path}`);
  }

  function send(res: http.ServerResponse, reply: Reply, opts: { drop?: boolean; count?: boolean } = {}) {
    if (res.destroyed || res.writableEnded) return;
    const json = JSON.stringify(reply.body);
    const headers: http.OutgoingHttpHeaders = {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(json),
      "cache-control": "no-store",
    };
    if (reply.status === 401) headers["www-authenticate"] = 'Bearer realm="game-server"';
    if (reply.status === 429) headers["retry-after"] = "1";
    res.writeHead(reply.status, headers);
    if (opts.drop) {
      // Headers and half the body, then the connection dies: the client sees a truncated response.
      stats.drops++;
      res.write(json.slice(0, Math.floor(json.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(json);
    if (opts.count) {
      res.once("finish", () => {
        stats.responses[reply.status] = (stats.responses[reply.status] ?? 0) + 1;
        reply.onSent?.();
      });
    }
  }

  function errorReply(err: unknown): Reply {
    if (err instanceof HttpError) return { status: err.status, body: { error: { code: err.code, message: err.message } } };
    return { status: 500, body: { error: { code: "internal", message: "Internal server error" } } };
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.startsWith("/__")) {
      if (!exposeControl) return send(res, errorReply(new HttpError(404, "not_found", `No route ${url.pathname}`)));
      return send(res, await control(req, url).catch(errorReply));
    }
    stats.requests++;
    if (knobs.latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, knobs.latencyMs);
        res.once("close", () => {
          clearTimeout(t);
          resolve();
        });
      });
      if (res.destroyed || res.writableEnded) return;
    }
    // Drain any request body so keep-alive connections stay usable.
    req.resume();
    let reply: Reply;
    if (knobs.errorRate > 0 && random() < knobs.errorRate) {
      stats.injectedErrors++;
      reply = { status: 500, body: { error: { code: "internal", message: "Internal server error" } } };
    } else if (knobs.rateLimitRate > 0 && random() < knobs.rateLimitRate) {
      stats.rateLimited++;
      reply = { status: 429, body: { error: { code: "rate_limited", message: "Too many requests; retry after 1 s" } } };
    } else {
      try {
        reply = route(req, url);
      } catch (err) {
        reply = errorReply(err);
      }
    }
    send(res, reply, { drop: knobs.dropRate > 0 && random() < knobs.dropRate, count: true });
  }

  const onRequest =
    (handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) =>
    (req: http.IncomingMessage, res: http.ServerResponse) => {
      handler(req, res).catch(() => {
        if (!res.headersSent) send(res, errorReply(null));
        else res.destroy();
      });
    };

  // --- listeners

  let api: http.Server | null = null;
  let port = opts.port ?? 0;
  const openApi = async () => {
    const server = http.createServer({ keepAliveTimeout: 5_000 }, onRequest(handleApi));
    port = await listen(server, port, host);
    api = server;
  };
  const closeApi = async () => {
    const server = api;
    if (!server) return;
    api = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    stats.connectionsKilled += await new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n ?? 0)));
    server.closeAllConnections();
    await closed;
  };

  await openApi();
  let controlServer: http.Server | null = null;
  let controlPort: number | null = null;
  if (opts.controlPort !== undefined) {
    controlServer = http.createServer(
      onRequest(async (req, res) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        send(res, await control(req, url).catch(errorReply));
      }),
    );
    controlPort = await listen(controlServer, opts.controlPort, host);
  }

  // --- knobs

  let restoreTimer: NodeJS.Timeout | null = null;
  let knobChain: Promise<unknown> = Promise.resolve();
  function setKnobs(update: DemoKnobsUpdate): Promise<DemoKnobs> {
    try {
      validateKnobs(update);
    } catch (err) {
      return Promise.reject(err);
    }
    const run = async (): Promise<DemoKnobs> => {
      const { downForMs, down, ...rest } = update;
      if (rest.rateMultiplier !== undefined && rest.rateMultiplier !== knobs.rateMultiplier) {
        const t = now();
        advanceAll(t);
        clock.virtualStart = virtualAt(clock, t);
        clock.realStart = Math.max(t, clock.realStart);
        clock.rate = rest.rateMultiplier;
      }
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) (knobs as Record<string, unknown>)[k] = v;
      if (down === true && !knobs.down) {
        knobs.down = true;
        await closeApi();
      } else if (down === false && knobs.down) {
        await openApi();
        knobs.down = false;
      }
      if (down !== undefined) {
        if (restoreTimer) clearTimeout(restoreTimer);
        restoreTimer = null;
        if (down && downForMs) {
          restoreTimer = setTimeout(() => void setKnobs({ down: false }).catch(() => {}), downForMs);
          restoreTimer.unref();
        }
      }
      return { ...knobs };
    };
    const result = knobChain.then(run, run);
    knobChain = result.catch(() => {});
    return result;
  }

  if (initialKnobs.down) await setKnobs({ down: true });

  return {
    get url() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    controlUrl: controlPort === null ? null : `http://${host}:${controlPort}`,
    seed,
    epochMs,
    directory,
    get knobs() {
      return { ...knobs };
    },
    get stats() {
      return structuredClone(stats);
    },
    setKnobs,
    items<F extends GameFeed>(houseId: string, feed: F): FeedItem[F][] {
      const house = houses.get(houseId);
      if (!house) throw new RangeError(`No house ${houseId}`);
      house.advance(clock, now());
      return Array.from({ length: house.count(feed) }, (_, i) => house.item(feed, i + 1));
    },
    resetStats() {
      stats = newStats();
    },
    async close() {
      if (restoreTimer) clearTimeout(restoreTimer);
      await knobChain;
      await closeApi();
      if (controlServer) {
        const s = controlServer;
        controlServer = null;
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections();
        await closed;
      }
    },
  };
}
