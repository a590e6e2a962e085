/**
 * Client of a game server speaking docs/game-server-contract.md. Every response is validated; a
 * malformed feed item is reported in `invalid` and skipped, never fatal. Every failure is an
 * UpstreamError with a short message that never contains the token.
 */
import type { z } from "zod";
import { UpstreamError } from "@/lib/connectors/types";
import { targetProblem } from "@/lib/security/allowed-targets";
import {
  errorBodySchema,
  feedItemSchemas,
  feedPageEnvelopeSchema,
  gameAccountSchema,
  houseSchema,
  identitySchema,
  listEnvelopeSchema,
  MAX_PAGE_LIMIT,
  type Battle,
  type FeedItem,
  type GameAccountInfo,
  type GameFeed,
  type GameHouse,
  type GameServerIdentity,
  type MemberEvent,
  type WalletTransaction,
} from "./schemas";

export { UpstreamError };

export const DEFAULT_GAME_SERVER_TIMEOUT_MS = 10_000;

/** Per-request deadline: 10 s, or `SYNCDECK_GAME_SERVER_TIMEOUT_MS` (read on every call so tests can shorten it). */
export function gameServerTimeoutMs(): number {
  const n = Number(process.env.SYNCDECK_GAME_SERVER_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_GAME_SERVER_TIMEOUT_MS;
}

export type GameServerClientOptions = {
  /** e.g. `http://127.0.0.1:4600`; a path prefix is kept, user info is ignored. */
  baseUrl: string;
  /** Game account token (feeds) or operator token (directory). */
  token: string;
  /** Per request, connection to last body byte; default 10 s. */
  timeoutMs?: number;
  /** For tests; default the global fetch. */
  fetch?: typeof fetch;
};

export type InvalidFeedItem = {
  /** The item as received, as JSON, cut to 300 characters. */
  item: string;
  /** What is wrong with it, e.g. `playedAt: Invalid ISO datetime`. */
  error: string;
  /** Its `id` when it has a usable one. */
  id: string | null;
};

export type FeedPage<T> = {
  items: T[];
  invalid: InvalidFeedItem[];
  /** Pass as `after` next time; always set (equals the input cursor when nothing new). */
  nextCursor: string;
  hasMore: boolean;
};

export type GameServerClient = {
  /** `host:port` without credentials, for messages and display. */
  readonly endpoint: string;
  /** Whom the token belongs to; the cheapest call to test a connection. */
  me(): Promise<GameServerIdentity>;
  listHouses(): Promise<GameHouse[]>;
  listAccounts(): Promise<GameAccountInfo[]>;
  fetchBattles(houseId: string, after?: string | null, limit?: number): Promise<FeedPage<Battle>>;
  fetchWallet(houseId: string, after?: string | null, limit?: number): Promise<FeedPage<WalletTransaction>>;
  fetchMembers(houseId: string, after?: string | null, limit?: number): Promise<FeedPage<MemberEvent>>;
  fetchFeed<F extends GameFeed>(feed: F, houseId: string, after?: string | null, limit?: number): Promise<FeedPage<FeedItem[F]>>;
};

/** `host:port` of a game server URL (no user info, path or query). */
export function gameServerEndpoint(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
  } catch {
    return "the game server";
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** Error codes and messages of the underlying socket error, walking `cause` and AggregateError lists. */
function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown) => {
    if (!e || typeof e !== "object" || seen.has(e)) return;
    seen.add(e);
    const x = e as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof x.code === "string") codes.push(x.code);
    if (typeof x.name === "string") codes.push(x.name);
    walk(x.cause);
    if (Array.isArray(x.errors)) x.errors.forEach(walk);
  };
  walk(err);
  return codes;
}

export function createGameServerClient(opts: GameServerClientOptions): GameServerClient {
  const endpoint = gameServerEndpoint(opts.baseUrl);
  const timeoutMs = opts.timeoutMs ?? gameServerTimeoutMs();
  const doFetch = opts.fetch ?? fetch;
  let base: URL;
  try {
    base = new URL(opts.baseUrl);
    base.username = "";
    base.password = "";
    if (!base.pathname.endsWith("/")) base.pathname += "/";
  } catch {
    throw new UpstreamError("internal", "The game server URL is not a valid http(s) URL");
  }
  const token = opts.token;

  /** Anything that came from outside and goes into a message is cut short and stripped of the token. */
  const clean = (text: string, max = 200) => {
    const cut = text.length > max ? `${text.slice(0, max)}…` : text;
    return token ? cut.split(token).join("[redacted]") : cut;
  };

  function transportError(err: unknown): UpstreamError {
    const e = classifyTransport(err);
    return new UpstreamError(e.code, e.message, { cause: err });
  }

  function classifyTransport(err: unknown): UpstreamError {
    const codes = causeCodes(err);
    if (codes.includes("TimeoutError") || codes.includes("UND_ERR_HEADERS_TIMEOUT") || codes.includes("UND_ERR_BODY_TIMEOUT"))
      return new UpstreamError("timeout", `The game server at ${endpoint} did not answer within ${timeoutMs} ms`);
    if (codes.includes("ECONNREFUSED"))
      return new UpstreamError("network", `Connection refused by ${endpoint}: is the game server running and listening there?`);
    if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN"))
      return new UpstreamError("network", `Host of ${endpoint} could not be resolved`);
    if (codes.includes("ETIMEDOUT") || codes.includes("UND_ERR_CONNECT_TIMEOUT"))
      return new UpstreamError("timeout", `Timed out connecting to ${endpoint}`);
    if (
      codes.includes("ECONNRESET") ||
      codes.includes("EPIPE") ||
      codes.includes("UND_ERR_SOCKET") ||
      (err instanceof TypeError && /terminated/i.test(err.message))
    )
      return new UpstreamError("network", `The connection to ${endpoint} was closed before the response was complete`);
    if (codes.includes("EHOSTUNREACH") || codes.includes("ENETUNREACH"))
      return new UpstreamError("network", `${endpoint} is unreachable (${codes.find((c) => c.startsWith("E"))})`);
    if ((err as { cause?: { message?: unknown } } | null)?.cause?.message === "bad port")
      return new UpstreamError(
        "internal",
        `fetch refuses to connect to the port of ${endpoint} (a blocked port); run the game server on another port`,
      );
    const code = codes.find((c) => /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(c));
    return new UpstreamError("network", `Network error talking to ${endpoint}${code ? ` (${code})` : ""}`);
  }

  function statusError(status: number, body: unknown, what: string, text: string): UpstreamError {
    const e = classifyStatus(status, body, what);
    return new UpstreamError(e.code, e.message, { detail: `HTTP ${status} for ${what}: ${clean(text, 1000)}` });
  }

  function classifyStatus(status: number, body: unknown, what: string): UpstreamError {
    const parsed = errorBodySchema.safeParse(body);
    const code = parsed.success ? parsed.data.error.code : null;
    const said = parsed.success ? `: ${clean(parsed.data.error.message)}` : "";
    if (status === 401)
      return new UpstreamError("auth", `The game server at ${endpoint} rejected the token (401); check the game account's token${said}`);
    if (status === 403) return new UpstreamError("permission", `The token may not read ${what} on ${endpoint} (403)${said}`);
    if (status === 404) return new UpstreamError("upstream_data", `Not found on ${endpoint} (404) while reading ${what}${said}`);
    if (status === 400 && code === "invalid_cursor")
      return new UpstreamError(
        "upstream_data",
        `The game server at ${endpoint} rejected the saved cursor of ${what}; the stream must restart from the beginning${said}`,
      );
    if (status === 429) return new UpstreamError("network", `The game server at ${endpoint} is rate limiting us (429)`);
    if (status >= 500) return new UpstreamError("network", `The game server at ${endpoint} failed with ${status}${said}`);
    return new UpstreamError("internal", `The game server at ${endpoint} refused the request for ${what} (${status})${said}`);
  }

  async function getJson(path: string, query: Record<string, string>, what: string): Promise<unknown> {
    if (!/^[\x21-\x7e]+$/.test(token))
      throw new UpstreamError("auth", `The token for ${endpoint} is empty or contains characters a token cannot have`);
    const refused = await targetProblem(base.hostname.replace(/^\[(.*)\]$/, "$1"));
    if (refused) throw new UpstreamError("network", `Not connecting to the game server at ${endpoint}: ${refused}`);
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      text = await res.text();
    } catch (err) {
      throw transportError(err);
    }
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      if (res.ok)
        throw new UpstreamError("upstream_data", `The game server at ${endpoint} sent a response for ${what} that is not JSON`, {
          detail: `HTTP ${res.status}: ${clean(text, 1000)}`,
        });
    }
    if (!res.ok) throw statusError(res.status, body, what, text);
    return body;
  }

  async function getList<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T[]> {
    const body = await getJson(path, {}, what);
    const envelope = listEnvelopeSchema.safeParse(body);
    if (!envelope.success)
      throw new UpstreamError(
        "upstream_data",
        `The game server at ${endpoint} sent an invalid list of ${what}: ${clean(describeIssues(envelope.error))}`,
        { detail: `Response body: ${clean(JSON.stringify(body) ?? String(body), 1000)}` },
      );
    const out: T[] = [];
    for (const [i, raw] of envelope.data.items.entries()) {
      const r = schema.safeParse(raw);
      if (!r.success)
        throw new UpstreamError(
          "upstream_data",
          `The game server at ${endpoint} sent an invalid entry in ${what} (#${i + 1}): ${clean(describeIssues(r.error))}`,
        );
      out.push(r.data);
    }
    return out;
  }

  async function fetchFeed<F extends GameFeed>(
    feed: F,
    houseId: string,
    after?: string | null,
    limit?: number,
  ): Promise<FeedPage<FeedItem[F]>> {
    const what = `the ${feed} feed of house ${houseId}`;
    const query: Record<string, string> = {};
    if (after) query.after = after;
    if (limit !== undefined) query.limit = String(Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit))));
    const body = await getJson(`v1/houses/${encodeURIComponent(houseId)}/${feed}`, query, what);
    const envelope = feedPageEnvelopeSchema.safeParse(body);
    if (!envelope.success)
      throw new UpstreamError(
        "upstream_data",
        `The game server at ${endpoint} sent an invalid page of ${what}: ${clean(describeIssues(envelope.error))}`,
        { detail: `Response body: ${clean(JSON.stringify(body) ?? String(body), 1000)}` },
      );
    const schema = feedItemSchemas[feed] as unknown as z.ZodType<FeedItem[F]>;
    const items: FeedItem[F][] = [];
    const invalid: InvalidFeedItem[] = [];
    for (const raw of envelope.data.items) {
      const r = schema.safeParse(raw);
      if (r.success) {
        items.push(r.data);
        continue;
      }
      const rawId = raw && typeof raw === "object" ? (raw as { id?: unknown }).id : undefined;
      invalid.push({
        item: clean(JSON.stringify(raw) ?? String(raw), 300),
        error: clean(describeIssues(r.error)),
        id: typeof rawId === "string" && rawId ? rawId : typeof rawId === "number" ? String(rawId) : null,
      });
    }
    return { items, invalid, nextCursor: envelope.data.nextCursor, hasMore: envelope.data.hasMore };
  }

  return {
    endpoint,
    async me() {
      const body = await getJson("v1/me", {}, "the token's identity");
      const r = identitySchema.safeParse(body);
      if (!r.success)
        throw new UpstreamError(
          "upstream_data",
          `The game server at ${endpoint} sent an invalid identity: ${clean(describeIssues(r.error))}`,
          { detail: `Response body: ${clean(JSON.stringify(body) ?? String(body), 1000)}` },
        );
      return r.data;
    },
    listHouses: () => getList("v1/houses", houseSchema, "houses"),
    listAccounts: () => getList("v1/accounts", gameAccountSchema, "game accounts"),
    fetchBattles: (houseId, after, limit) => fetchFeed("battles", houseId, after, limit),
    fetchWallet: (houseId, after, limit) => fetchFeed("wallet", houseId, after, limit),
    fetchMembers: (houseId, after, limit) => fetchFeed("members", houseId, after, limit),
    fetchFeed,
  };
}
