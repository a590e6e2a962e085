/**
 * autocannon against the production build on the seeded database, with an ops API token:
 * p50/p95/p99 at one connection (what one client waits) and requests/s at ten connections.
 * Run: npx tsx bench/api-load.ts [--sessions=N | --full]
 */
import autocannon from "autocannon";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { sessionAnalytics } from "@/lib/analytics/queries";
import { hashApiToken, newApiToken } from "@/lib/api-tokens/hash";
import { getSyncSession, listSyncSessions } from "@/lib/sync-sessions/queries";
import { seededDatabase } from "./seed";
import { benchApp, benchArgs, int, isMain, ms, pct, runAlone, type BenchResult } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
type Route = {
  name: string;
  kind: "crud" | "analytics" | "health";
  method?: string;
  path: string | (() => string);
  body?: () => string;
  headers?: () => Record<string, string>;
  /** The route's query function called in this process: the database's share of the time. */
  query?: (db: ReturnType<typeof createDb>["db"]) => Promise<unknown>;
};

/** p95 of the route's query function over 200 calls from this process (no HTTP, no app). */
async function queryP95(url: string, route: Route) {
  if (!route.query) return null;
  const { db, sql } = createDb(url, { max: 1 });
  try {
    for (let i = 0; i < 20; i++) await route.query(db);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await route.query(db);
      times.push(performance.now() - t0);
    }
    return pct(times, 95);
  } finally {
    await sql.end();
  }
}

async function measure(base: string, token: string, route: Route, connections: number, seconds: number) {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const next = () => (typeof route.path === "string" ? route.path : route.path());
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: route.method ?? "GET",
        setupRequest: (req) => ({
          ...req,
          path: next(),
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(route.headers?.() ?? {}) },
          body: route.body?.(),
        }),
      },
    ],
  });
  instance.on("response", (_c, status, _b, t) => {
    times.push(t);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const result = await instance;
  return { times, statuses, rps: result.requests.total / seconds, errors: result.errors + result.timeouts };
}

export async function apiLoadBench(sessions = benchArgs().sessions): Promise<BenchResult[]> {
  const url = await seededDatabase(sessions);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const token = newApiToken();
  await sql`insert into api_tokens (name, role, token_hash, prefix) values (${`bench ${Date.now()}`}, 'ops', ${hashApiToken(token)}, ${token.slice(0, 10)})`;
  // Sessions to read and edit, spread over the history; each edit uses a session's current version once.
  const sample = await sql<{ id: string; version: number }[]>`select id, version from sync_sessions tablesample system (2) limit 20000`;
  const [deep] = await sql<{ started_at: Date; id: string }[]>`
    select started_at, id from sync_sessions order by started_at desc, id desc offset ${Math.floor(sessions * 0.9)} limit 1`;
  await sql.end();
  const cursor = Buffer.from(`${deep!.started_at.toISOString()}|${deep!.id}`).toString("base64url");
  const { url: base } = await benchApp(url);

  let r = 0;
  let e = 0;
  const edits = [...sample];
  const routes: Route[] = [
    {
      name: "GET /api/v1/sessions (first page)",
      kind: "crud",
      path: "/api/v1/sessions?limit=50",
      query: (db) => listSyncSessions(db, { limit: "50" }),
    },
    {
      name: "GET /api/v1/sessions?status=failed&category=account",
      kind: "crud",
      path: "/api/v1/sessions?status=failed&category=account&limit=50",
      query: (db) => listSyncSessions(db, { status: "failed", category: "account", limit: "50" }),
    },
    {
      name: "GET /api/v1/sessions?cursor=… (90% deep)",
      kind: "crud",
      path: `/api/v1/sessions?limit=50&cursor=${cursor}`,
      query: (db) => listSyncSessions(db, { limit: "50", cursor }),
    },
    {
      name: "GET /api/v1/sessions/{id}",
      kind: "crud",
      path: () => `/api/v1/sessions/${sample[r++ % sample.length]!.id}`,
      query: (db) => getSyncSession(db, sample[r++ % sample.length]!.id),
    },
    {
      name: "PUT /api/v1/sessions/{id} (If-Match)",
      kind: "crud",
      method: "PUT",
      path: () => `/api/v1/sessions/${edits[e % edits.length]!.id}`,
      headers: () => ({ "if-match": `"${edits[e % edits.length]!.version}"` }),
      body: () => {
        const s = edits[e++ % edits.length]!;
        s.version++;
        return JSON.stringify({ label: `bench ${s.version}` });
      },
    },
    {
      name: "GET /api/v1/analytics/sessions?timeframe=24h",
      kind: "analytics",
      path: "/api/v1/analytics/sessions?timeframe=24h",
      query: (db) => sessionAnalytics(db, { timeframe: "24h" }),
    },
    {
      name: "GET /api/v1/analytics/sessions?timeframe=30d",
      kind: "analytics",
      path: "/api/v1/analytics/sessions?timeframe=30d",
      query: (db) => sessionAnalytics(db, { timeframe: "30d" }),
    },
    { name: "GET /api/health", kind: "health", path: "/api/health" },
  ];

  // The app loads each route's code on first use: every route is warmed before any is measured.
  for (const route of routes.filter((x) => x.method !== "PUT")) await measure(base, token, route, 2, 1);
  const results: BenchResult[] = [];
  console.log(
    `\nAPI at ${int(sessions)} sessions: latency at 1 connection for ${SECONDS} s, throughput at 10 connections for ${SECONDS} s`,
  );
  console.log(
    `  ${"route".padEnd(54)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)} ${"req/s@1".padStart(8)} ${"req/s@10".padStart(9)} ${"query p95".padStart(10)}  statuses`,
  );
  for (const route of routes) {
    const probePath = typeof route.path === "string" ? route.path : route.path();
    const probe = await fetch(base + probePath, {
      method: route.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(route.headers?.() ?? {}) },
      body: route.body?.(),
    });
    if (probe.status === 404 || probe.status === 405) {
      console.log(`  ${route.name.padEnd(54)} skipped: the route answers ${probe.status} (not built yet)`);
      continue;
    }
    await measure(base, token, route, 2, 1); // warm-up
    const one = await measure(base, token, route, 1, SECONDS);
    const ten = await measure(base, token, route, 10, SECONDS);
    const [p50, p95, p99] = [50, 95, 99].map((p) => pct(one.times, p));
    const codes = [...one.statuses].map(([k, v]) => `${k}×${v}`).join(" ");
    const q95 = await queryP95(url, route);
    console.log(
      `  ${route.name.padEnd(54)} ${ms(p50!).padStart(8)} ${ms(p95!).padStart(8)} ${ms(p99!).padStart(8)} ${int(one.rps).padStart(8)} ${int(ten.rps).padStart(9)} ${(q95 === null ? "—" : ms(q95)).padStart(10)}  ${codes}`,
    );
    const ok = [...one.statuses.keys()].every((s) => s < 400) && one.errors === 0;
    const limit = route.kind === "analytics" ? 50 : 10;
    results.push({
      target: route.kind === "health" ? `${route.name} p95` : `${route.name} p95 < ${limit} ms @ ${int(sessions)}`,
      measured: `p95 ${ms(p95!)} (p50 ${ms(p50!)}, p99 ${ms(p99!)}; query p95 ${q95 === null ? "—" : ms(q95)}; ${int(ten.rps)} req/s@10)${ok ? "" : ` statuses ${codes}`}`,
      met: route.kind === "health" ? null : ok && p95! < limit,
    });
  }
  return results;
}

if (isMain(import.meta.url)) await runAlone("api-load", () => apiLoadBench());
