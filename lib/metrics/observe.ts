/** The tiny calls the code being measured makes; each never throws. */
import { metrics } from "./registry";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/api/v1/sessions/<uuid>/cancel` → `/api/v1/sessions/{id}/cancel`, so routes stay few. */
export function routeLabel(pathname: string): string {
  return pathname
    .split("/")
    .map((seg) => (UUID.test(seg) || /^\d+$/.test(seg) ? "{id}" : seg.length > 64 ? "{long}" : seg))
    .join("/");
}

export function observeHttpRequest(req: Request, status: number, startedAt: number) {
  try {
    const route = routeLabel(new URL(req.url).pathname);
    metrics().httpDuration.observe({ method: req.method, route, status: String(status) }, (performance.now() - startedAt) / 1000);
  } catch {
    // metrics never fail a request
  }
}

/** Wraps a route handler so its duration lands in syncdeck_http_request_duration_seconds. */
export function timedRoute<A extends unknown[]>(fn: (req: Request, ...rest: A) => Promise<Response>) {
  return async (req: Request, ...rest: A): Promise<Response> => {
    const startedAt = performance.now();
    const res = await fn(req, ...rest);
    observeHttpRequest(req, res.status, startedAt);
    return res;
  };
}

export function observeRecordFinished(r: { category: string; status: string; failureClass: string | null; durationMs?: number }) {
  const m = metrics();
  m.records.inc({ category: r.category, status: r.status, failure_class: r.failureClass ?? "none" });
  if (r.durationMs !== undefined && r.durationMs >= 0)
    m.recordDuration.observe({ category: r.category, status: r.status }, r.durationMs / 1000);
}

export function observeRunFinished(r: { type: string; category: string; durationMs: number }) {
  if (r.durationMs >= 0) metrics().runDuration.observe({ type: r.type, category: r.category }, r.durationMs / 1000);
}

export function observeTick(stream: string, status: string) {
  metrics().ticks.inc({ stream, status });
}

/** `dueAt`: when the tick was scheduled for (epoch ms); the lag is how late it started. */
export function observeTickLag(stream: string, dueAt: number, startedAt = Date.now()) {
  metrics().tickLag.observe({ stream }, Math.max(0, startedAt - dueAt) / 1000);
}

type BacklogSource = () => number | Promise<number>;
// On globalThis like the registry: the outbox may register from another bundle of this process.
const hooks = globalThis as unknown as { syncdeckOutboxBacklog?: BacklogSource | null };

/**
 * Hook for the Inngest outbox: register a function returning how many events wait to be sent; it is
 * called at each scrape (keep it one cheap query). Without one, syncdeck_outbox_backlog is 0.
 */
export function setOutboxBacklogSource(source: BacklogSource | null) {
  hooks.syncdeckOutboxBacklog = source;
}

export async function readOutboxBacklog(): Promise<number> {
  const source = hooks.syncdeckOutboxBacklog;
  return source ? Number(await source()) || 0 : 0;
}
