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

/**
 * A last line of defence: whatever a driver does (a host that drops packets, a socket that never
 * closes), an upstream call settles within connect + query time. Rejects with code ETIMEDOUT.
 */
export function withDeadline<T>(
  work: Promise<T>,
  onTimeout: () => void,
  signal?: AbortSignal,
  ms = upstreamConnectTimeoutMs() + UPSTREAM_QUERY_TIMEOUT_MS + 5_000,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(Object.assign(new Error("upstream call exceeded its deadline"), { code: "ETIMEDOUT" }));
    }, ms);
    // Cancelling a run closes the upstream connection at once instead of waiting for it.
    onAbort = () => {
      onTimeout();
      reject(Object.assign(new Error("upstream call aborted"), { code: "ABORTED" }));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work, deadline]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  });
}
