/**
 * Change-to-screen latency: a signed-in browser's SSE stream (/api/live on the production app, on
 * the seeded database) receives the change event after a session is cancelled through the verb.
 * p50/p95 over 50 changes. Run: npx tsx bench/live-latency.ts [--sessions=N | --full]
 */
import postgres from "postgres";
import { createDb } from "@/db/client";
import { enqueueEvents } from "@/lib/engine/enqueue";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { workflows } from "@/lib/workflows";
import { seededDatabase } from "./seed";
import { benchApp, benchArgs, int, isMain, ms, pct, runAlone, type BenchResult } from "./support";

const CHANGES = 50;

/** Signs in as the demo admin the way the sign-in page does; returns the session cookie. */
async function signIn(base: string) {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: "admin@syncdeck.local", password: "syncdeck-admin" }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** An EventSource-like reader of /api/live: resolves waiters by session id. */
async function liveStream(base: string, cookie: string) {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/live`, { headers: { cookie, accept: "text/event-stream" }, signal: ctrl.signal });
  if (!res.ok || !res.body) throw new Error(`/api/live answered ${res.status}`);
  const waiters = new Map<string, (at: number) => void>();
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  void (async () => {
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        buf += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const event = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (event.includes("event: ready")) ready();
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (!data || !event.includes("event: change")) continue;
          const id = (JSON.parse(data) as { id?: string }).id;
          if (id) waiters.get(id)?.(at);
        }
      }
    } catch {}
  })();
  await isReady;
  return {
    next: (id: string) => new Promise<number>((resolve) => waiters.set(id, resolve)),
    close: () => ctrl.abort(),
  };
}

export async function liveLatencyBench(sessions = benchArgs().sessions): Promise<BenchResult[]> {
  const url = await seededDatabase(sessions);
  const { url: base } = await benchApp(url);
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  const ids = (
    await raw<{ id: string }[]>`
    insert into sync_sessions (sync_type, sync_category, status, created_by)
    select 'manual_batch', 'config', 'running', 'bench-ops-1' from generate_series(1, ${CHANGES}) returning id`
  ).map((r) => r.id);
  await raw.end();
  const handle = createDb(url, { max: 2 });
  const ctx = {
    db: handle.db,
    actor: { type: "user" as const, id: "bench-ops-1", label: "bench", role: "ops" as const },
    engine: {
      enqueue: (tx: Parameters<typeof enqueueEvents>[0], events: Parameters<typeof enqueueEvents>[2]) =>
        enqueueEvents(tx, workflows, events),
    },
  };
  const stream = await liveStream(base, await signIn(base));
  const latencies: number[] = [];
  try {
    for (const id of ids) {
      const seen = stream.next(id);
      const t0 = performance.now();
      await cancelSyncSession({ ctx, input: { sessionId: id } });
      const at = await Promise.race([
        seen,
        new Promise<number>((_, j) => setTimeout(() => j(new Error("no change event within 10 s")), 10_000)),
      ]);
      latencies.push(at - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    stream.close();
    await handle.sql.end();
  }
  const [p50, p95, max] = [pct(latencies, 50), pct(latencies, 95), Math.max(...latencies)];
  console.log(`\nchange → SSE client at ${int(sessions)} sessions, ${CHANGES} cancels: p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(max)}`);
  return [
    {
      target: "UI sees a change within 1 s (cancel → /api/live event, p95)",
      measured: `p95 ${ms(p95)} (p50 ${ms(p50)}, max ${ms(max)})`,
      met: p95 < 1000,
    },
  ];
}

if (isMain(import.meta.url)) await runAlone("live-latency", () => liveLatencyBench());
