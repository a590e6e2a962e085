import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workflowRuns } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create";
import { bindAccount } from "@/lib/bindings/bind";
import { updateStreamIntervals } from "@/lib/live-sessions/update-intervals";
import { setOutboxBacklogSource } from "@/lib/metrics/observe";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { loadRoute } from "./helpers/api";
import { setUpAppDatabase, signedInUser } from "./helpers/app";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useGameServer } from "./helpers/game";
import { makeRunner, waitFor } from "./helpers/runner";

type Series = Map<string, number>;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a HELP, a TYPE or
 * a sample of a declared family; label values are quoted and escaped; histograms have cumulative
 * buckets ending at +Inf equal to _count. Throws on the first violation.
 */
function parseExposition(text: string): { series: Series; types: Map<string, string> } {
  const types = new Map<string, string>();
  const series: Series = new Map();
  const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const sample = new RegExp(`^(${NAME})(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*)\\})? (\\S+)( -?\\d+)?$`);
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.split("\n").slice(0, -1)) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") {
        expect(["counter", "gauge", "histogram", "summary", "untyped"], line).toContain(meta[3]);
        expect(types.has(meta[2]!), `TYPE twice: ${line}`).toBe(false);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    expect(line.startsWith("#"), `unexpected comment: ${line}`).toBe(false);
    const m = sample.exec(line);
    if (!m) throw new Error(`not an exposition sample line: ${line}`);
    const name = m[1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, "");
    expect(types.has(family), `sample before its TYPE: ${line}`).toBe(true);
    const value = m[4] === "+Inf" ? Infinity : m[4] === "-Inf" ? -Infinity : Number(m[4]);
    expect(Number.isNaN(value) && m[4] !== "NaN", `bad value: ${line}`).toBe(false);
    const labels = (m[3] ?? "").replace(/,$/, "");
    const key = labels ? `${name}{${labels}}` : name;
    expect(series.has(key), `duplicate series: ${key}`).toBe(false);
    series.set(key, value);
  }
  // Histograms: buckets cumulative, +Inf bucket equals _count.
  for (const [family, type] of types) {
    if (type !== "histogram") continue;
    const groups = new Map<string, { le: number; v: number }[]>();
    for (const [key, v] of series) {
      const m = new RegExp(`^${family}_bucket\\{(.*)\\}$`).exec(key);
      if (!m) continue;
      const le = /(?:^|,)le="([^"]+)"/.exec(m[1]!)![1]!;
      const rest = m[1]!.replace(/(^|,)le="[^"]+"/, "").replace(/^,/, "");
      const list = groups.get(rest) ?? [];
      list.push({ le: le === "+Inf" ? Infinity : Number(le), v });
      groups.set(rest, list);
    }
    for (const [rest, list] of groups) {
      list.sort((a, b) => a.le - b.le);
      for (let i = 1; i < list.length; i++) expect(list[i]!.v).toBeGreaterThanOrEqual(list[i - 1]!.v);
      expect(list.at(-1)!.le).toBe(Infinity);
      expect(series.get(rest ? `${family}_count{${rest}}` : `${family}_count`)).toBe(list.at(-1)!.v);
    }
  }
  return { series, types };
}

describe("GET /api/metrics", () => {
  let t: Awaited<ReturnType<typeof setUpAppDatabase>>;
  let route: Awaited<ReturnType<typeof loadRoute>>;
  const auth = { cookie: "", viewerToken: "" };
  const METRICS_TOKEN = "metrics-token-for-tests-0123456789";

  beforeAll(async () => {
    t = await setUpAppDatabase("metrics");
    route = await loadRoute("/api/metrics");
    auth.cookie = (await signedInUser(t.db, "viewer", "Metrics Viewer")).cookie;
    const admin = await makeUser(t.db, "super_admin");
    auth.viewerToken = (await createApiToken({ ctx: makeCtx(t.db, admin), input: { name: "metrics-viewer", role: "viewer" } })).token;
    process.env.SYNCDECK_METRICS_TOKEN = METRICS_TOKEN;
  });
  afterAll(() => {
    delete process.env.SYNCDECK_METRICS_TOKEN;
    setOutboxBacklogSource(null);
  });

  const scrape = (headers: Record<string, string> = {}) =>
    route.GET!(new Request("http://localhost:3000/api/metrics", { headers }), { params: Promise.resolve({}) });
  const read = async () => {
    const res = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    return parseExposition(await res.text()).series;
  };
  const value = (s: Series, key: string) => s.get(key) ?? 0;

  it("answers a metrics token, an API token of any role and a signed-in session; 401 otherwise", async () => {
    for (const headers of <Record<string, string>[]>[
      { authorization: `Bearer ${METRICS_TOKEN}` },
      { authorization: `Bearer ${auth.viewerToken}` },
      { cookie: auth.cookie },
    ]) {
      const res = await scrape(headers);
      expect(res.status, JSON.stringify(Object.keys(headers))).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const { types } = parseExposition(await res.text());
      expect(types.get("syncdeck_sync_runs_started_total")).toBe("counter");
      expect(types.get("syncdeck_http_request_duration_seconds")).toBe("histogram");
    }
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: "Bearer not-a-token" },
      { authorization: `Bearer ${METRICS_TOKEN}x` },
    ]) {
      const res = await scrape(headers);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toMatch(/^unauthorized:/);
    }
    // Without SYNCDECK_METRICS_TOKEN set, that bearer is just an unknown token.
    delete process.env.SYNCDECK_METRICS_TOKEN;
    expect((await scrape({ authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(401);
    process.env.SYNCDECK_METRICS_TOKEN = METRICS_TOKEN;
  });

  it("moves with a real batch run, live ticks, the engine queue, API requests and the outbox hook", async () => {
    const before = await read();
    const started = 'syncdeck_sync_runs_started_total{type="manual_batch",category="account"}';
    const partial = 'syncdeck_sync_runs_finished_total{type="manual_batch",category="account",status="partial"}';
    const okRecords = 'syncdeck_instance_records_total{category="account",status="completed",failure_class="none"}';
    const netRecords = 'syncdeck_instance_records_total{category="account",status="failed",failure_class="network"}';
    const runCount = 'syncdeck_sync_run_duration_seconds_count{type="manual_batch",category="account"}';

    const ops = await makeUser(t.db, "ops");
    const good = await makePostgresInstance(t.db, t.url, "metrics-ok");
    const bad = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:1/x", "metrics-refused");
    const runner = makeRunner(t);
    await runner.start();
    const g = await useGameServer(t.db);
    try {
      const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [good.id, bad.id] } });
      // While it runs it already counts as started.
      const during = await read();
      expect(value(during, started)).toBe(value(before, started) + 1);
      await waitFor(async () => {
        const s = await getSyncSession(t.db, session.id);
        return s.status !== "running" && s;
      }, "the batch to finish");
      const after = await read();
      expect(value(after, started)).toBe(value(before, started) + 1);
      expect(value(after, partial)).toBe(value(before, partial) + 1);
      expect(value(after, okRecords)).toBe(value(before, okRecords) + 1);
      expect(value(after, netRecords)).toBe(value(before, netRecords) + 1);
      expect(value(after, runCount)).toBe(value(before, runCount) + 1);
      expect(value(after, 'syncdeck_sync_runs_running{type="manual_batch",category="account"}')).toBe(0);

      // Live sessions and their ticks (the second tick of a chain carries its scheduled time: lag).
      const admin = await makeUser(t.db, "super_admin");
      const { account, store } = g.pair(0);
      const { liveSession } = await bindAccount({ ctx: makeCtx(t.db, admin), input: { gameAccountId: account.id, storeId: store.id } });
      await updateStreamIntervals({
        ctx: makeCtx(t.db, admin),
        input: { liveSessionId: liveSession.id, intervals: { battles: 1, wallet: 1, members: 1 } },
      });
      const live = await waitFor(async () => {
        const s = await read();
        return value(s, 'syncdeck_live_tick_lag_seconds_count{stream="wallet"}') >= 1 && s;
      }, "a wallet tick with a lag");
      expect(value(live, 'syncdeck_live_sessions{state="active"}')).toBe(1);
      expect(value(live, 'syncdeck_live_ticks_total{stream="wallet",status="success"}')).toBeGreaterThanOrEqual(1);
    } finally {
      await runner.stop();
      await g.server.close();
    }

    // A due run nobody takes (a workflow this build does not know): queue depth and its age.
    await t.db.insert(workflowRuns).values({
      workflowId: "metrics-test-unknown",
      eventName: "test",
      eventData: {},
      runAfter: new Date(Date.now() - 120_000),
    });
    // An API request through the route wrapper, ids folded.
    const sessions = await loadRoute("/api/v1/sessions/{id}");
    await sessions.GET!(
      new Request("http://localhost:3000/api/v1/sessions/00000000-0000-4000-8000-000000000000", {
        headers: { authorization: `Bearer ${auth.viewerToken}` },
      }),
      { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }) },
    );
    setOutboxBacklogSource(() => 7);
    const last = await read();
    expect(value(last, "syncdeck_engine_queue_depth")).toBeGreaterThanOrEqual(1);
    expect(value(last, "syncdeck_engine_oldest_pending_run_age_seconds")).toBeGreaterThanOrEqual(119);
    expect(value(last, 'syncdeck_http_request_duration_seconds_count{method="GET",route="/api/v1/sessions/{id}",status="404"}')).toBe(1);
    expect(value(last, "syncdeck_outbox_backlog")).toBe(7);
    // This very scrape's query is an active connection of the app's pool.
    expect(value(last, 'syncdeck_db_connections{state="active"}')).toBeGreaterThanOrEqual(1);
  });
});
