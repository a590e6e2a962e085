const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Statement/query time limit on upstreams, so a stuck query fails the sync instead of hanging it. */
export const UPSTREAM_QUERY_TIMEOUT_MS = 30_000;

/**
 * How long to wait for an upstream to accept a connection: 10 s, or `SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS`
 * (read on every call so tests can shorten it).
 */
export function upstreamConnectTimeoutMs(): number {
  const raw = process.env.SYNCDECK_UPSTREAM_CONNECT_TIMEOUT_MS;
  const n = raw ? Number(raw) : NaN;
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_CONNECT_TIMEOUT_MS;
}
