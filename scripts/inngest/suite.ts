// `npm run test:inngest`: Syncdeck's workflows on a real Inngest server, end to end through the HTTP
// API and the database: first `inngest dev`, then a self-hosted `inngest start` on the machine's
// PostgreSQL and Redis with signing and event keys. Ends with `tests: N passed, N failed`.
import postgres from "postgres";
import { createDatabaseFromTemplate, dropDatabase, prepareTemplate, startTestServer } from "@/lib/test-database";
import { generateEncryptionKey } from "@/lib/crypto/secrets";
import { RUNNABLE_CATEGORIES, type RunnableCategory } from "@/lib/domain/values";
import { workflows } from "@/lib/workflows";
import { inngestBinPath, inngestBinVersion } from "./binary";
import { hangingServer, latencyProxy } from "@/lib/test-network";
import { eventProxy, root, selfHostedKeys, startApp, startInngestServer, type App, type InngestTopology } from "./servers";

const BASE_PORT = Number(process.env.SYNCDECK_INNGEST_PORT ?? 8310);
const APP_PORT = Number(process.env.SYNCDECK_INNGEST_APP_PORT ?? 3261);
const GAME_PORT = Number(process.env.SYNCDECK_INNGEST_GAME_PORT ?? 4621);
/** The machine's own services for the self-hosted topology. */
const HOST_PG = process.env.SYNCDECK_INNGEST_STATE_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";
const HOST_REDIS = process.env.SYNCDECK_INNGEST_REDIS ?? "redis://127.0.0.1:6379/5";

const tally = { passed: 0, failed: 0, skipped: 0 };

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
}

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** The app's API as a signed-in super admin: the session cookie, from the app's own origin (as the browser sends it). */
async function apiClient(app: App) {
  const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: app.url, "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@syncdeck.local", password: "syncdeck-admin" }),
  });
  check(signIn.ok, `sign-in answered ${signIn.status}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { cookie, origin: app.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

type Session = {
  id: string;
  status: string;
  records: { instanceName: string; status: string; itemsSynced: number; attempt: number; completedAt: string | null }[];
};

async function runTopology(label: string, topology: InngestTopology, serverUrl: string, bin: string) {
  const cases: [string, () => Promise<void>][] = [];
  const test = (name: string, fn: () => Promise<void>) => cases.push([name, fn]);
  const { name: dbName, url: databaseUrl } = await createDatabaseFromTemplate(serverUrl, `inngest_${topology.kind}`);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const upstream = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const appUrl = `http://localhost:${APP_PORT}`;
  const server = await startInngestServer(bin, BASE_PORT, `${appUrl}/api/inngest`, topology);
  const proxy = await eventProxy(server.url, BASE_PORT + 5);
  let app: App | null = null;
  try {
    app = await startApp({ port: APP_PORT, gamePort: GAME_PORT, databaseUrl, inngestUrl: proxy.url, topology });

    const appOptions = { port: APP_PORT, gamePort: GAME_PORT, databaseUrl, inngestUrl: proxy.url, topology };
    let api = await apiClient(app);
    const sessionDone = (id: string, timeoutMs = 90_000) =>
      waitFor(
        `session ${id} to finish`,
        async () => {
          const s = (await api<Session>("GET", `/api/v1/sessions/${id}`)).body;
          return s.status !== "running" && s;
        },
        timeoutMs,
      );

    test("the app registers with the server, which keeps every function's triggers, cron, cancellation and concurrency", async () => {
      const put = await fetch(`${app!.url}/api/inngest`, { method: "PUT" });
      check(put.ok, `PUT /api/inngest answered ${put.status}: ${await put.text()}`);
      if (topology.kind !== "dev") return;
      // The dev server lists what it stored for each function.
      const dev = await waitFor("the dev server to list the functions", async () => {
        const res = await fetch(`${server.url}/dev`);
        const body = (await res.json()) as { functions?: { slug: string; config?: unknown; triggers?: unknown }[] };
        return (body.functions?.length ?? 0) >= workflows.length && body;
      });
      const stored = JSON.stringify(dev.functions);
      for (const wf of workflows) {
        check(stored.includes(`syncdeck-${wf.id}`), `function ${wf.id} is not registered`);
        for (const event of wf.triggers.events ?? []) check(stored.includes(event), `${wf.id}: trigger ${event} missing`);
        if (wf.triggers.cron) check(stored.includes(wf.triggers.cron), `${wf.id}: cron ${wf.triggers.cron} missing`);
        for (const c of wf.cancelOn ?? [])
          check(stored.includes(`async.data.${c.match} == event.data.${c.match}`), `${wf.id}: cancelOn missing`);
      }
    });

    test("a batch in every category completes with the counts the upstream databases hold", async () => {
      const [roles] = await upstream<{ n: number }[]>`select count(*)::int as n from pg_roles where rolname !~ '^pg_'`;
      const [databases] = await upstream<{ n: number }[]>`select count(*)::int as n from pg_database where not datistemplate`;
      const [settings] = await upstream<{ n: number }[]>`select count(*)::int as n from pg_settings`;
      const expected: Record<RunnableCategory, number> = { account: roles!.n, capacity: databases!.n, config: settings!.n };
      for (const category of RUNNABLE_CATEGORIES) {
        const started = await api<{ id: string }>("POST", "/api/v1/sessions", { category });
        check(started.status === 201, `${category}: start answered ${started.status} ${JSON.stringify(started.body)}`);
        const done = await sessionDone(started.body.id);
        check(done.status === "completed", `${category}: session ended ${done.status}`);
        check(done.records.length >= 3, `${category}: ${done.records.length} records`);
        for (const r of done.records) {
          check(r.status === "completed", `${category}: ${r.instanceName} ${r.status}`);
          check(r.attempt === 1, `${category}: ${r.instanceName} ran ${r.attempt} times`);
          check(
            r.itemsSynced === expected[category],
            `${category}: ${r.instanceName} synced ${r.itemsSynced}, the upstream holds ${expected[category]}`,
          );
        }
      }
    });

    test("cancel: a hanging instance stops, pending ones never start, nothing reopens the session", async () => {
      const hang = await hangingServer();
      try {
        const made = await api<{ id: string }>("POST", "/api/v1/instances", {
          name: `hangs-${topology.kind}`,
          kind: "postgres",
          connectionUrl: `postgres://u:p@127.0.0.1:${hang.port}/x`,
        });
        check(made.status === 201, `creating the instance answered ${made.status} ${JSON.stringify(made.body)}`);
        const started = await api<{ id: string }>("POST", "/api/v1/sessions", { category: "capacity", instanceIds: [made.body.id] });
        check(started.status === 201, `start answered ${started.status}`);
        const id = started.body.id;
        await waitFor("the hanging record to run", async () => {
          const s = (await api<Session>("GET", `/api/v1/sessions/${id}`)).body;
          return s.records.some((r) => r.status === "running");
        });
        const cancel = await api("POST", `/api/v1/sessions/${id}/cancel`, {});
        check(cancel.status === 200, `cancel answered ${cancel.status}`);
        const s = await waitFor(
          "the running record to stop",
          async () => {
            const s = (await api<Session>("GET", `/api/v1/sessions/${id}`)).body;
            return s.records.every((r) => r.status === "cancelled") && s;
          },
          15_000,
        );
        check(s.status === "cancelled", `session is ${s.status}`);
        // Past the upstream's connect timeout a late result would have landed by now.
        await new Promise((r) => setTimeout(r, 12_000));
        const later = (await api<Session>("GET", `/api/v1/sessions/${id}`)).body;
        check(later.status === "cancelled", `the session reopened as ${later.status}`);
        check(
          later.records.every((r) => r.status === "cancelled"),
          "a record changed after the cancel",
        );
      } finally {
        await hang.close();
      }
    });

    test("outbox: with event intake refusing for 20 s, a batch start and a bind answer at once and both run, once, afterwards", async () => {
      proxy.state.refusing = true;
      const refusedBefore = proxy.state.refused;
      let sessionId: string;
      let liveSessionId: string;
      try {
        const t0 = Date.now();
        const started = await api<{ id: string }>("POST", "/api/v1/sessions", { category: "account" });
        check(started.status === 201, `start answered ${started.status}`);
        sessionId = started.body.id;
        // A free account with a token, and a store in one of its houses (what the bind dialog offers).
        const [pair] = await sql<{ game_account_id: string; store_id: string }[]>`
          select a.id as game_account_id, s.id as store_id
          from game_accounts a join stores s on s.instance_id = a.instance_id and s.external_id = any(a.house_ids)
          where a.token_ciphertext is not null
            and not exists (select 1 from bindings b where b.game_account_id = a.id and b.status = 'active')
          order by a.username, s.name limit 1`;
        check(pair, "no free game account to bind");
        const bound = await api<{ liveSession: { id: string } }>("POST", "/api/v1/bindings", {
          gameAccountId: pair.game_account_id,
          storeId: pair.store_id,
        });
        check(bound.status === 201, `bind answered ${bound.status} ${JSON.stringify(bound.body)}`);
        liveSessionId = bound.body.liveSession.id;
        check(Date.now() - t0 < 5_000, `the two calls took ${Date.now() - t0} ms while Inngest refused`);
        await waitFor("the relay to be refused", async () => proxy.state.refused > refusedBefore, 15_000);
        const health = (await (await fetch(`${app!.url}/api/health`)).json()) as { engine: { outbox?: { backlog: number } } };
        check((health.engine.outbox?.backlog ?? 0) >= 2, `health shows an outbox backlog of ${health.engine.outbox?.backlog}`);
        const held = (await api<Session>("GET", `/api/v1/sessions/${sessionId}`)).body;
        check(
          held.records.every((r) => r.status === "pending"),
          "a record ran while its event was refused",
        );
        await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - t0))));
      } finally {
        proxy.state.refusing = false;
      }
      const done = await sessionDone(sessionId);
      check(done.status === "completed", `the batch ended ${done.status}`);
      check(
        done.records.every((r) => r.attempt === 1),
        `a record ran more than once: ${done.records.map((r) => r.attempt)}`,
      );
      await waitFor("the live session's first ticks", async () => {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from sync_logs where live_session_id = ${liveSessionId}`;
        return row!.n >= 2;
      });
      const [outbox] = await sql<{ n: number }[]>`select count(*)::int as n from engine_outbox`;
      check(outbox!.n === 0, `${outbox!.n} events still in the outbox`);
    });

    test("a bind's streams tick at their intervals on the future-ts chain, never doubled, and unbind stops them", async () => {
      const [binding] = await sql<{ id: string; live_session_id: string }[]>`
        select b.id, l.id as live_session_id from bindings b join live_sessions l on l.binding_id = b.id
        where b.status = 'active' order by b.created_at desc limit 1`;
      check(binding, "no active binding (the outbox case binds one)");
      await waitFor(
        "three battles ticks",
        async () => {
          const [row] = await sql<{ n: number }[]>`
            select count(*)::int as n from sync_logs where live_session_id = ${binding.live_session_id} and stream = 'battles'`;
          return row!.n >= 3;
        },
        60_000,
      );
      // From the second tick on: the first (the backfill) may start late, and its successor is due on time.
      const gaps = await sql<{ stream: string; gap: number | null }[]>`
        select stream, gap from (
          select stream, row_number() over w as n,
                 extract(epoch from started_at - lag(started_at) over w)::float8 as gap
          from sync_logs where live_session_id = ${binding.live_session_id}
          window w as (partition by stream order by started_at)) t
        where n > 2`;
      const intervals: Record<string, number> = { battles: 5, wallet: 10, members: 30 };
      for (const g of gaps) {
        if (g.gap === null) continue;
        check(
          g.gap >= intervals[g.stream]! * 0.8,
          `${g.stream}: two ticks ${g.gap.toFixed(1)} s apart (interval ${intervals[g.stream]} s)`,
        );
      }
      const unbind = await api("DELETE", `/api/v1/bindings/${binding.id}`);
      check(unbind.status === 200, `unbind answered ${unbind.status}`);
      // A tick in flight may still finish; after that, nothing more.
      await new Promise((r) => setTimeout(r, 3_000));
      const [before] = await sql<
        { n: number }[]
      >`select count(*)::int as n from sync_logs where live_session_id = ${binding.live_session_id}`;
      await new Promise((r) => setTimeout(r, 12_000));
      const [after] = await sql<
        { n: number }[]
      >`select count(*)::int as n from sync_logs where live_session_id = ${binding.live_session_id}`;
      check(after!.n === before!.n, `${after!.n - before!.n} ticks ran after unbind`);
    });

    test("kill -9 of the app mid-batch: Inngest retries the interrupted step, every record finishes, no row lost or duplicated", async () => {
      const target = new URL(serverUrl);
      const slow = await latencyProxy({ host: target.hostname, port: Number(target.port) }, 40);
      try {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          const url = new URL(serverUrl);
          url.port = String(slow.port);
          const made = await api<{ id: string }>("POST", "/api/v1/instances", {
            name: `slow-${topology.kind}-${i}`,
            kind: "postgres",
            connectionUrl: url.toString(),
          });
          check(made.status === 201, `creating an instance answered ${made.status}`);
          ids.push(made.body.id);
        }
        const started = await api<{ id: string }>("POST", "/api/v1/sessions", { category: "account", instanceIds: ids });
        check(started.status === 201, `start answered ${started.status}`);
        const id = started.body.id;
        await waitFor(
          "a record to finish while others wait",
          async () => {
            const s = (await api<Session>("GET", `/api/v1/sessions/${id}`)).body;
            return s.records.some((r) => r.status === "completed") && s.records.some((r) => r.status === "pending");
          },
          120_000,
        );
        await app!.kill();
        app = await startApp(appOptions);
        api = await apiClient(app);
        const done = await sessionDone(id, 240_000);
        check(done.status === "completed", `the batch ended ${done.status}`);
        const [roles] = await upstream<{ n: number }[]>`select count(*)::int as n from pg_roles where rolname !~ '^pg_'`;
        for (const r of done.records) {
          check(r.status === "completed", `${r.instanceName} ended ${r.status}`);
          check(r.itemsSynced === roles!.n, `${r.instanceName} synced ${r.itemsSynced}, the upstream holds ${roles!.n}`);
        }
        const [dupes] = await sql<{ n: number }[]>`
          select count(*)::int as n from (select instance_id, name from upstream_accounts group by 1, 2 having count(*) > 1) d`;
        check(dupes!.n === 0, `${dupes!.n} accounts stored twice`);
        const [stored] = await sql<{ n: number }[]>`
          select count(*)::int as n from upstream_accounts where instance_id in ${sql(ids)} and deleted_at is null`;
        check(stored!.n === roles!.n * ids.length, `${stored!.n} accounts stored, expected ${roles!.n * ids.length}`);
      } finally {
        await slow.close();
      }
    });

    for (const [name, fn] of cases) {
      const started = Date.now();
      try {
        await fn();
        tally.passed++;
        console.log(`  ✓ [${label}] ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (err) {
        tally.failed++;
        console.log(`  ✗ [${label}] ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n      ${(err as Error).message}`);
      }
    }
  } finally {
    await app?.stop();
    await proxy.close();
    await server.stop();
    await sql.end();
    await upstream.end();
    await dropDatabase(serverUrl, dbName).catch(() => {});
  }
}

/** Whether a TCP service answers on loopback (the machine's PostgreSQL and Redis). */
async function reachable(url: string) {
  const { hostname, port } = new URL(url);
  const net = await import("node:net");
  return new Promise<boolean>((resolve) => {
    const s = net.connect(Number(port), hostname, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.setTimeout(2_000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** A clean Redis database for the self-hosted server (no leftovers of an earlier run's queue). */
async function flushRedis(url: string) {
  const { hostname, port, pathname } = new URL(url);
  const db = Number(pathname.slice(1) || 0);
  const net = await import("node:net");
  await new Promise<void>((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => s.write(`SELECT ${db}\r\nFLUSHDB\r\n`));
    let seen = "";
    s.on("data", (d) => {
      seen += d.toString();
      if ((seen.match(/\+OK/g) ?? []).length >= 2) {
        s.end();
        resolve();
      }
    });
    s.on("error", reject);
  });
}

async function main() {
  const started = Date.now();
  const bin = inngestBinPath();
  const version = inngestBinVersion(bin);
  if (!version) {
    console.log(`test:inngest: no Inngest server at ${bin}; build it with \`npm run inngest:build\` (needs Go)`);
    console.log("tests: 0 passed, 1 failed");
    process.exit(1);
  }
  console.log(`inngest server: ${version} (${bin})`);
  process.env.SYNCDECK_ENCRYPTION_KEY ??= generateEncryptionKey();
  process.env.BETTER_AUTH_SECRET ??= "test-only-secret-not-for-production-use-0123456789";
  let serverUrl = process.env.SYNCDECK_TEST_SERVER_URL;
  let own: Awaited<ReturnType<typeof startTestServer>>["server"] = null;
  if (!serverUrl) {
    const s = await startTestServer(root);
    serverUrl = s.serverUrl;
    own = s.server;
    await prepareTemplate(serverUrl);
  }
  try {
    await runTopology("inngest dev", { kind: "dev" }, serverUrl, bin);
    if ((await reachable(HOST_PG)) && (await reachable(HOST_REDIS))) {
      const state = postgres(HOST_PG, { max: 1, onnotice: () => {} });
      const stateDb = "syncdeck_inngest_state";
      await state.unsafe(`drop database if exists ${stateDb} with (force)`);
      await state.unsafe(`create database ${stateDb}`);
      await state.end();
      await flushRedis(HOST_REDIS);
      const pg = new URL(HOST_PG);
      pg.pathname = `/${stateDb}`;
      await runTopology(
        "inngest start",
        { kind: "start", postgresUri: pg.toString(), redisUri: HOST_REDIS, ...selfHostedKeys() },
        serverUrl,
        bin,
      );
    } else {
      tally.skipped++;
      console.log(`skipped: inngest start (self-hosted): PostgreSQL at ${HOST_PG} or Redis at ${HOST_REDIS} does not answer`);
    }
  } finally {
    if (own && !own.reused) await own.stop();
  }
  console.log(`suite took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`tests: ${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ""}`);
  process.exit(tally.failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`test:inngest: ${(err as Error)?.stack ?? err}`);
  console.log(`tests: ${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exit(1);
});
