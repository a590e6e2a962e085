/**
 * Hostile input against every route handler under app/api/v1 (plus /api/health and /api/live) and
 * every server action, discovered from the source tree. Arbitraries come from the OpenAPI document
 * (bodies, query parameters) and the verbs' zod schemas (actions). Each case must answer 4xx in the
 * error shape (GETs with a valid query may answer 200), never 5xx, with no stack trace or secret, and
 * no table may change (row counts + md5 of every row, before and after each route's run).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { alertRules, apiTokens } from "@/db/schema";
import { buildOpenApiDocument, type ApiOperation } from "@/lib/api/openapi";
import { createApiToken } from "@/lib/api-tokens/create";
import { bindAccount } from "@/lib/bindings/bind";
import { encryptSecret } from "@/lib/crypto/secrets";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { signedInUser, setUpAppDatabase } from "./helpers/app";
import type { useTestDatabase } from "./helpers/db";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useGameServer } from "./helpers/game";
import { responseValidator, type HttpMethod, type RouteModule } from "./helpers/api";
import { ACTION_BODY_LIMIT, proxy } from "@/proxy";
import {
  BAD_PATH_ESCAPES,
  HOSTILE_BODY_SHAPES,
  withLoneSurrogates,
  errorProblems,
  foreignIds,
  fromSchema,
  hostileQuery,
  hostileString,
  hostileValue,
  malformedBody,
  mutated,
  snapshotTables,
  type IdPool,
} from "./helpers/fuzz";
import {
  FIELD_TABLE,
  MUTATING,
  pathIdTable,
  routeHandlers,
  serverActions,
  type ActionRef,
  type RouteHandlerRef,
} from "./helpers/fuzz-surface";

// Server actions read the request through next/headers: here, the super admin's cookie.
const requestHeaders = { current: new Headers() };
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders.current,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {} }));

/** Cases in all, spread over every route handler and server action (≥ 10,000), run BATCH at a time. */
const TOTAL = Number(process.env.SYNCDECK_FUZZ_CASES ?? 10_400);
/** Cases of schema-valid input with hostile text, spread the same way. */
const ACCEPTED = Number(process.env.SYNCDECK_FUZZ_ACCEPTED ?? 2_400);
const BATCH = Number(process.env.SYNCDECK_FUZZ_BATCH ?? 8);
/** Fuzz only the surfaces matching this pattern (for debugging one route). */
const ONLY = process.env.SYNCDECK_FUZZ_ONLY ? new RegExp(process.env.SYNCDECK_FUZZ_ONLY) : null;
const SEED = Number(process.env.SYNCDECK_FUZZ_SEED ?? 20261124);

const doc = buildOpenApiDocument();
const validator = responseValidator(doc);
const defs = doc.components.schemas as Record<string, Record<string, unknown>>;
const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
addFormats(ajv);
const bodyValidators = new Map<string, ValidateFunction>();

type Case = {
  params: Record<string, string>;
  query: Record<string, string>;
  body: { kind: "none" } | { kind: "json"; value: unknown } | { kind: "raw"; text: string; contentType: string };
  headers: Record<string, string>;
};
type Outcome = { status: number; body: unknown; contentType: string | null };

const ascii = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, "?"));

describe("hostile input: every route handler and server action", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  const pool: IdPool = { nothing: Array.from({ length: 8 }, () => randomUUID()), byTable: {} };
  const secrets: string[] = [];
  let adminCookie = "";
  const counts = new Map<string, number>();
  const timings = new Map<string, number>();
  /** Statuses a handler answered that the OpenAPI document does not list (reported, not failed: the document's business). */
  const undocumented = new Set<string>();
  const serverErrors: string[] = [];
  /** Requests of the fixed hostile shapes (deep JSON, BOM, lone surrogates, bad path escapes, server-action bodies), by shape. */
  const shapeCounts = new Map<string, number>();

  beforeAll(async () => {
    t = await setUpAppDatabase("fuzz");
    secrets.push(process.env.BETTER_AUTH_SECRET!, process.env.SYNCDECK_ENCRYPTION_KEY!);
    const g = await useGameServer(t.db);
    afterAll(async () => {
      await g.server.close();
    });

    // One of everything, so ids of other objects exist to be sent where they do not belong.
    const admin = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const password = `pw-${randomUUID()}`;
    const secretUrl = `postgres://fuzz:${password}@127.0.0.1:1/nowhere`;
    secrets.push(password, secretUrl);
    const inst = await makePostgresInstance(t.db, secretUrl);
    const session = await startBatch({ ctx: admin, input: { category: "account", instanceIds: [inst.id] } });
    const { account, store } = g.pair(0);
    const bound = await bindAccount({ ctx: admin, input: { gameAccountId: account.id, storeId: store.id } });
    const token = await createApiToken({ ctx: admin, input: { name: "fuzz", role: "ops" } });
    secrets.push(token.token);
    const hookSecret = `hook-${randomUUID()}`;
    secrets.push(hookSecret);
    await t.db.insert(alertRules).values({
      name: "fuzz rule",
      scope: "all",
      condition: "run_failed",
      destination: "webhook",
      urlEncrypted: encryptSecret(`https://hooks.example.test/${hookSecret}`),
      signingSecretEncrypted: encryptSecret(hookSecret),
    });
    for (const table of [
      "instances",
      "sync_sessions",
      "instance_records",
      "bindings",
      "live_sessions",
      "stores",
      "game_accounts",
      "api_tokens",
      "alert_rules",
      "bulk_operations",
    ]) {
      const rows = await t.sql.unsafe<{ id: string }[]>(`select id::text as id from "${table}" limit 5`);
      pool.byTable[table] = rows.map((r) => r.id);
    }
    expect(pool.byTable.sync_sessions).toContain(session.id);
    expect(pool.byTable.live_sessions).toContain(bound.liveSession.id);
    expect(await t.db.$count(apiTokens)).toBe(1);

    const { getAuth } = await import("@/lib/auth/server");
    adminCookie = (await signedInUser(t.db, "super_admin", "Fuzz Admin")).cookie;
    expect(adminCookie).toMatch(/session_token=/);
    requestHeaders.current = new Headers({ cookie: adminCookie });
    surfaces = routeHandlers().length + (await serverActions().catch(() => [])).length;
    // Ten thousand session lookups would dominate the run: the admin's is looked up once (as
    // better-auth's cookie cache would); every other cookie still goes to the real lookup.
    const real = getAuth();
    const adminSession = await real.api.getSession({ headers: new Headers({ cookie: adminCookie }) });
    expect(adminSession?.user.role).toBe("super_admin");
    const getSession = ((opts: { headers: Headers }) =>
      opts.headers.get("cookie") === adminCookie ? Promise.resolve(adminSession) : real.api.getSession(opts)) as typeof real.api.getSession;
    (globalThis as unknown as { syncdeckAuth: unknown }).syncdeckAuth = { ...real, api: { ...real.api, getSession } };
  });

  afterAll(() => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const lines = [...counts.entries()].map(
      ([k, n]) => `  ${String(n).padStart(5)}  ${k}${process.env.SYNCDECK_FUZZ_TIMING ? `  ${Math.round(timings.get(k) ?? 0)} ms` : ""}`,
    );
    if (undocumented.size) console.log(`fuzz: statuses not in the OpenAPI document: ${[...undocumented].sort().join(", ")}`);
    const operations = new Set([...counts.keys()].map((k) => k.replace(" (accepted input)", ""))).size;
    const shapes = [...shapeCounts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `${lines.join("\n")}\nfuzz: ${total.toLocaleString("en-US")} cases over ${operations} operations, ${serverErrors.length} server errors`,
    );
    console.log(
      `fuzz: ${shapes.toLocaleString("en-US")} requests of fixed hostile shapes: ${[...shapeCounts].map(([k, n]) => `${k} ${n}`).join(", ")}`,
    );
    const dir = path.resolve(import.meta.dirname, "../.data/reports");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "fuzz-count.json"),
      JSON.stringify(
        {
          cases: total,
          operations,
          serverErrors: serverErrors.length,
          perOperation: Object.fromEntries(counts),
          hostileShapes: Object.fromEntries(shapeCounts),
          seed: SEED,
          at: new Date().toISOString(),
        },
        null,
        2,
      ),
    );
  });

  const idsFor = (field: string | undefined) => foreignIds(pool, field ? FIELD_TABLE[field] : undefined);
  const poolIds = () => new Set([...pool.nothing, ...Object.values(pool.byTable).flat()]);
  /** A top-level field naming one object by an id of nothing or of something else: the verb must answer 404. (Lists of ids may be partly skipped, e.g. by bulk operations.) */
  const namesPoolObject = (value: unknown) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return false;
    const ids = poolIds();
    return Object.values(value).some((v) => typeof v === "string" && ids.has(v));
  };

  /** Arbitrary requests for one handler: from its OpenAPI operation, or a hand-written one for the few outside /api/v1. */
  function requestArbitrary(ref: RouteHandlerRef): fc.Arbitrary<Case> | null {
    const names = [...ref.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const idArb = fc.oneof(
      { arbitrary: fc.constantFrom(...foreignIds(pool, pathIdTable(ref.template))), weight: 3 },
      { arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 5000 && s.isWellFormed()), weight: 2 },
    );
    const params = fc.record(Object.fromEntries(names.map((n) => [n, idArb])));
    const headers = fc.record(
      {
        "content-type": fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
        "if-match": ascii,
        accept: fc.constantFrom("*/*", "text/html", "application/xml"),
      },
      { requiredKeys: [] },
    );
    if (!ref.op) return null;
    const op = ref.op;
    const item = doc.paths[op.path]![op.method]!;
    const queryParams = ((item.parameters ?? []) as { name: string; in: string; schema: Record<string, unknown> }[]).filter(
      (p) => p.in === "query",
    );
    const query = op.query
      ? hostileQuery(queryParams, { defs, idsFor })
      : fc.oneof({ arbitrary: fc.constant({}), weight: 4 }, { arbitrary: hostileQuery([], { defs, idsFor }), weight: 1 });
    const bodyArb: fc.Arbitrary<Case["body"]> = op.body
      ? fc.oneof(
          {
            arbitrary: mutated(fromSchema({ $ref: op.body }, { defs, idsFor })).map((value) => ({ kind: "json" as const, value })),
            weight: 6,
          },
          { arbitrary: malformedBody.map((b) => ({ kind: "raw" as const, ...b })), weight: 1 },
          { arbitrary: fc.constant({ kind: "none" as const }), weight: 1 },
        )
      : fc.oneof(
          { arbitrary: fc.constant({ kind: "none" as const }), weight: 3 },
          { arbitrary: hostileValue.map((value) => ({ kind: "json" as const, value })), weight: 1 },
          { arbitrary: malformedBody.map((b) => ({ kind: "raw" as const, ...b })), weight: 1 },
        );
    return fc.record({ params, query, body: ref.method === "GET" ? fc.constant({ kind: "none" as const }) : bodyArb, headers });
  }

  /** Whether a case is certainly invalid (so a mutation must be refused): a bad path id, a bad body, or an id of something else. */
  function certainlyInvalid(op: ApiOperation, c: Case): boolean {
    if (Object.keys(c.params).length) return true;
    if (c.body.kind === "raw") {
      try {
        JSON.parse(c.body.text);
      } catch {
        return true;
      }
      return false;
    }
    if (!op.body) return false;
    if (c.body.kind === "none") return true;
    let validate = bodyValidators.get(op.body);
    if (!validate) bodyValidators.set(op.body, (validate = ajv.compile({ $defs: rewrite(defs), ...rewrite(defs[op.body]!) })));
    const valid = validate(c.body.value);
    return !valid || namesPoolObject(c.body.value);
  }

  async function invoke(mod: RouteModule, ref: RouteHandlerRef, c: Case, cookie = adminCookie): Promise<Outcome> {
    const pathname = ref.template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(c.params[k]!));
    const url = new URL(pathname, "http://localhost:3000");
    for (const [k, v] of Object.entries(c.query)) url.searchParams.set(k, v);
    const headers = new Headers(c.headers);
    headers.set("cookie", cookie);
    let body: string | undefined;
    if (c.body.kind === "json") {
      body = JSON.stringify(c.body.value) ?? "null";
      // As a client sends JSON (the case's own Content-Type, when it has one, is part of the attack).
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    if (c.body.kind === "raw") {
      body = c.body.text;
      headers.set("content-type", c.body.contentType);
    }
    const res = await mod[ref.method]!(new Request(url, { method: ref.method, headers, body }), { params: Promise.resolve(c.params) });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, body: json, contentType: res.headers.get("content-type") };
  }

  function judge(
    label: string,
    c: unknown,
    out: Outcome,
    expect4xx: boolean,
    documented?: { template: string; method: HttpMethod },
  ): string[] {
    const problems: string[] = [];
    if (out.status >= 500) {
      serverErrors.push(label);
      problems.push(`server error ${out.status}`);
    }
    if (expect4xx && (out.status < 400 || out.status >= 500)) problems.push(`expected a 4xx, got ${out.status}`);
    if (out.status >= 400) problems.push(...errorProblems(out.body, secrets));
    const csv = documented?.template === "/api/v1/audit/export" && out.status === 200;
    if (!(csv ? /^text\/csv/ : /^application\/json/).test(out.contentType ?? "")) problems.push(`content type ${out.contentType}`);
    if (documented && out.status < 500) {
      const doc = validator.check(documented.template, documented.method, out.status, out.body);
      if (doc.some((d) => d.startsWith("status "))) undocumented.add(`${documented.method} ${documented.template} ${out.status}`);
      else problems.push(...doc);
    }
    if (problems.length)
      return [
        `${label}: ${problems.join("; ")} — answered ${JSON.stringify(out.body)?.slice(0, 300)} to ${JSON.stringify(c)?.slice(0, 300)}`,
      ];
    return [];
  }

  const skipTables = ["auth_sessions"];
  let surfaces = 1;
  const perSurface = () => Math.max(BATCH * 4, Math.ceil(TOTAL / surfaces / BATCH) * BATCH);

  /** Runs `cases` generated cases, BATCH at a time concurrently (fast-check still seeds, and shrinks a failing batch). */
  async function runBatched<T>(arb: fc.Arbitrary<T>, cases: number, check: (c: T) => Promise<void>) {
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(check));
      }),
      { numRuns: Math.ceil(cases / BATCH), seed: SEED, endOnFailure: true },
    );
  }

  it("has an arbitrary for every exported route handler and server action", async () => {
    const missing = routeHandlers()
      .filter((r) => !r.op && !MANUAL[`${r.method} ${r.template}`])
      .map((r) => `${r.method} ${r.template}`);
    expect(missing, "route handlers with no OpenAPI operation and no hand-written arbitrary: register them in lib/api/openapi.ts").toEqual(
      [],
    );
    expect((await serverActions()).length).toBeGreaterThan(0);
  });

  it("route handlers answer hostile requests with a 4xx in the error shape and change nothing", async () => {
    const failures: string[] = [];
    for (const ref of routeHandlers()) {
      const key = `${ref.method} ${ref.template}`;
      if (ONLY && !ONLY.test(key)) continue;
      const mod = (await import(/* @vite-ignore */ ref.file)) as RouteModule;
      const before = await snapshotTables(t.sql, skipTables);
      const started = performance.now();
      let n = 0;
      const manual = MANUAL[key];
      if (manual) {
        await runBatched(manual.arbitrary, perSurface(), async (c) => {
          n++;
          const out = await invoke(mod, ref, c, c.headers.cookie ?? adminCookie);
          failures.push(...judge(key, c, out, manual.expect4xx));
        });
      } else {
        const op = ref.op!;
        const mutation = MUTATING.includes(ref.method);
        const arb = mutation ? requestArbitrary(ref)!.filter((c) => certainlyInvalid(op, c)) : requestArbitrary(ref)!;
        await runBatched(arb, perSurface(), async (c) => {
          n++;
          const out = await invoke(mod, ref, c);
          // A read may succeed when its query is valid and it names no object; a mutation never.
          const readOk =
            !mutation &&
            !Object.keys(c.params).length &&
            (op.permission === null || (op.query ? op.query.safeParse(c.query).success : Object.keys(c.query).length === 0));
          failures.push(...judge(key, c, out, !readOk, { template: ref.template, method: ref.method }));
        });
      }
      counts.set(key, n);
      timings.set(key, performance.now() - started);
      const after = await snapshotTables(t.sql, skipTables);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        failures.push(`${key}: stored data changed in ${changed.join(", ")}`);
      }
    }
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
  }, 180_000);

  it("server actions answer hostile input with their error result and change nothing", async () => {
    const failures: string[] = [];
    for (const action of await serverActions()) {
      if (ONLY && !ONLY.test(action.key)) continue;
      const mod = (await import(/* @vite-ignore */ action.file)) as Record<string, (input: unknown) => Promise<unknown>>;
      const fn = mod[action.name]!;
      const before = await snapshotTables(t.sql, skipTables);
      const started = performance.now();
      let n = 0;
      const schema = action.schema;
      // Inputs arrive serialized from the browser: JSON-shaped values.
      const inputs = actionArbitrary(action).map((v) => JSON.parse(JSON.stringify(v) ?? "null") as unknown);
      await runBatched(
        schema ? inputs.filter((v) => !schema.safeParse(v).success || namesPoolObject(v)) : inputs,
        perSurface(),
        async (input) => {
          n++;
          const result = (await fn(input)) as { ok: boolean; status?: number; error?: { code: string; message: string } };
          const problems: string[] = [];
          if (result.ok !== false) {
            if (action.mutating) problems.push("succeeded");
          } else {
            if (!(result.status! >= 400 && result.status! < 500)) {
              problems.push(`status ${result.status}`);
              if (result.status! >= 500) serverErrors.push(action.key);
            }
            if (Object.keys(result).sort().join() !== "error,ok,status") problems.push(`result keys ${Object.keys(result).join()}`);
            problems.push(...errorProblems({ error: result.error }, secrets));
          }
          if (problems.length)
            failures.push(
              `${action.key}: ${problems.join("; ")} — ${JSON.stringify(result)?.slice(0, 300)} for ${JSON.stringify(input)?.slice(0, 300)}`,
            );
        },
      );
      counts.set(`action ${action.key}`, n);
      timings.set(`action ${action.key}`, performance.now() - started);
      const after = await snapshotTables(t.sql, skipTables);
      if (JSON.stringify(after) !== JSON.stringify(before))
        failures.push(
          `${action.key}: stored data changed in ${Object.keys(after)
            .filter((k) => after[k] !== before[k])
            .join(", ")}`,
        );
    }
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
  }, 180_000);

  it("input the schemas accept, with hostile text and the real objects' ids, never makes a 5xx", async () => {
    // Unlike the cases above these may succeed (and change data): the point is that text the
    // validation lets through (NUL bytes, control characters, SQL, huge strings) reaches the
    // database without an error, and that real targets with odd input are handled.
    const failures: string[] = [];
    const own = (table: string | undefined) => (table && pool.byTable[table]?.length ? pool.byTable[table]! : pool.nothing);
    const opts = {
      defs,
      idsFor: (field: string | undefined) => [...own(field ? FIELD_TABLE[field] : undefined), ...pool.nothing],
      hostileText: true,
    };
    const cases = Math.max(BATCH, Math.floor(ACCEPTED / Math.max(1, surfaces)) - (Math.floor(ACCEPTED / Math.max(1, surfaces)) % BATCH));
    for (const ref of routeHandlers(["api/v1"]).filter((r) => MUTATING.includes(r.method) && r.op)) {
      const key = `${ref.method} ${ref.template}`;
      if (ONLY && !ONLY.test(key)) continue;
      const op = ref.op!;
      const mod = (await import(/* @vite-ignore */ ref.file)) as RouteModule;
      const names = [...ref.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const params = fc.record(Object.fromEntries(names.map((n) => [n, fc.constantFrom(...own(pathIdTable(ref.template)))])));
      let validate: ValidateFunction | undefined;
      if (op.body) validate = ajv.compile({ $defs: rewrite(defs), ...rewrite(defs[op.body]!) });
      const body: fc.Arbitrary<Case["body"] | null> = op.body
        ? fromSchema({ $ref: op.body }, opts).map((value) => (validate!(value) ? { kind: "json" as const, value } : null))
        : fc.constant({ kind: "none" as const });
      let n = 0;
      // Values the schema refuses are skipped (a filter could loop forever on a schema random text rarely satisfies).
      await runBatched(fc.record({ params, query: fc.constant({}), body, headers: fc.constant({}) }), cases, async (c) => {
        if (!c.body) return;
        const ok = c as Case;
        n++;
        const out = await invoke(mod, ref, ok);
        const problems = out.status >= 500 ? [`server error ${out.status}`] : out.status >= 400 ? errorProblems(out.body, secrets) : [];
        if (out.status >= 500) serverErrors.push(key);
        if (problems.length)
          failures.push(
            `${key} (accepted input): ${problems.join("; ")} — ${JSON.stringify(out.body)?.slice(0, 300)} to ${JSON.stringify(c)?.slice(0, 300)}`,
          );
      });
      counts.set(`${key} (accepted input)`, n);
    }
    for (const action of (await serverActions()).filter((a) => a.schema)) {
      if (ONLY && !ONLY.test(action.key)) continue;
      const mod = (await import(/* @vite-ignore */ action.file)) as Record<
        string,
        (input: unknown) => Promise<{ ok: boolean; status?: number; error?: unknown }>
      >;
      const schema = action.schema!;
      const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
      let n = 0;
      const inputs = fromSchema(json, opts).map((v) => JSON.parse(JSON.stringify(v) ?? "null") as unknown);
      await runBatched(inputs, cases, async (input) => {
        if (!schema.safeParse(input).success) return;
        n++;
        const r = await mod[action.name]!(input);
        if (!r.ok && !(r.status! >= 400 && r.status! < 500)) {
          serverErrors.push(action.key);
          failures.push(`${action.key} (accepted input): status ${r.status} for ${JSON.stringify(input)?.slice(0, 300)}`);
        }
      });
      counts.set(`action ${action.key} (accepted input)`, n);
    }
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
  }, 180_000);

  it("the shapes that once made 500s or ran as `{}` get their 4xx and change nothing", async () => {
    const failures: string[] = [];
    const before = await snapshotTables(t.sql, skipTables);
    const bump = (k: string) => shapeCounts.set(k, (shapeCounts.get(k) ?? 0) + 1);
    const expectError = async (label: string, res: Response, status: number, code: string) => {
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      const got = (body as { error?: { code?: string } })?.error?.code;
      if (res.status >= 500) serverErrors.push(label);
      if (res.status !== status || got !== code || !/^application\/json/.test(res.headers.get("content-type") ?? ""))
        failures.push(`${label}: expected ${status} ${code}, got ${res.status} ${text.slice(0, 200)}`);
      else failures.push(...errorProblems(body, secrets).map((p) => `${label}: ${p}`));
    };
    const own = (table: string | undefined) => (table && pool.byTable[table]?.length ? pool.byTable[table]! : pool.nothing);
    const opts = { defs, idsFor: (field: string | undefined) => own(field ? FIELD_TABLE[field] : undefined) };

    // Bodies, on every mutating route, with the cookie and Content-Type: application/json.
    for (const ref of routeHandlers(["api/v1"]).filter((r) => MUTATING.includes(r.method) && r.op)) {
      const key = `${ref.method} ${ref.template}`;
      if (ONLY && !ONLY.test(key)) continue;
      const op = ref.op!;
      const mod = (await import(/* @vite-ignore */ ref.file)) as RouteModule;
      let valid: unknown = {};
      if (op.body) {
        const validate = ajv.compile({ $defs: rewrite(defs), ...rewrite(defs[op.body]!) });
        valid = fc.sample(fromSchema({ $ref: op.body }, opts), { numRuns: 300, seed: SEED }).find((v) => validate(v)) ?? {};
      }
      const params = Object.fromEntries([...ref.template.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, own(pathIdTable(ref.template))[0]!]));
      const url = new URL(
        ref.template.replace(/\{(\w+)\}/g, (_, k: string) => params[k]!),
        "http://localhost:3000",
      );
      const send = (body: Uint8Array<ArrayBuffer>) =>
        mod[ref.method]!(
          new Request(url, { method: ref.method, headers: { cookie: adminCookie, "content-type": "application/json" }, body }),
          { params: Promise.resolve(params) },
        );
      for (const shape of HOSTILE_BODY_SHAPES) {
        await expectError(`${key} × ${shape.name}`, await send(shape.body(valid)), shape.status, shape.code);
        bump(shape.name);
      }
      if (op.body)
        for (const v of withLoneSurrogates(valid)) {
          await expectError(
            `${key} × lone surrogate in ${JSON.stringify(v).slice(0, 80)}`,
            await send(new TextEncoder().encode(JSON.stringify(v))),
            400,
            "bad_request:json",
          );
          bump("a lone surrogate in a text field");
        }
    }

    // Path ids that are not UTF-8, on every route with one, through the proxy (Next answered a plain 500).
    for (const ref of routeHandlers().filter((r) => r.template.includes("{"))) {
      for (const escape of BAD_PATH_ESCAPES) {
        const path = ref.template.replace(/\{\w+\}/g, escape);
        const res = await proxy(
          new NextRequest(new URL(path, "http://localhost:3000"), { method: ref.method, headers: { cookie: adminCookie } }),
        );
        await expectError(`${ref.method} ${path}`, res, 400, "bad_request:path");
        bump("a path id that is not UTF-8");
      }
    }

    // Server actions' bodies, on the page of every action, through the proxy (Next answered 500).
    const own400 = "bad_request:json";
    const actionShapes: { name: string; body: BodyInit; status: number; code: string; headers?: Record<string, string> }[] = [
      ...["{", "a=1&b=2", "", "<xml/>", "nul"].map((b) => ({ name: "server action: not JSON", body: b, status: 400, code: own400 })),
      ...HOSTILE_BODY_SHAPES.map((sh) => ({
        name: `server action: ${sh.name}`,
        body: sh.body([{}]) as BodyInit,
        status: sh.status,
        code: sh.code,
      })),
      { name: "server action: a lone surrogate", body: '[{"name":"\\ud800"}]', status: 400, code: own400 },
      { name: "server action: over 1 MB", body: `["${"a".repeat(ACTION_BODY_LIMIT)}"]`, status: 413, code: "payload_too_large:body" },
      {
        name: "server action: foreign Origin",
        body: "[{}]",
        status: 403,
        code: "forbidden:cross_site",
        headers: { origin: "http://evil.example" },
      },
      { name: "server action: Origin null", body: "[{}]", status: 403, code: "forbidden:cross_site", headers: { origin: "null" } },
    ];
    for (const action of await serverActions()) {
      if (ONLY && !ONLY.test(action.key)) continue;
      const page = `/${action.key.split("/")[0]}`;
      for (const shape of actionShapes) {
        const req = new NextRequest(new URL(page, "http://localhost:3000"), {
          method: "POST",
          headers: {
            cookie: adminCookie,
            "next-action": action.key,
            "content-type": "text/plain;charset=UTF-8",
            origin: "http://localhost:3000",
            ...shape.headers,
          },
          body: shape.body,
        });
        await expectError(`action ${action.key} × ${shape.name}`, await proxy(req), shape.status, shape.code);
        bump(shape.name.startsWith("server action: not JSON") ? "server action: not JSON" : shape.name);
      }
    }

    const after = await snapshotTables(t.sql, skipTables);
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
    expect(changed).toEqual([]);
    expect([...shapeCounts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(500);
  }, 180_000);

  function actionArbitrary(action: ActionRef): fc.Arbitrary<unknown> {
    if (!action.schema) return hostileValue;
    const schema = z.toJSONSchema(action.schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    return mutated(fromSchema(schema, { idsFor }));
  }

  /** Handlers outside the OpenAPI document: what to send them and what they must answer. */
  const MANUAL: Record<string, { arbitrary: fc.Arbitrary<Case & { headers: { cookie?: string } }>; expect4xx: boolean }> = {
    // The event stream: with a forged, expired-looking or garbage cookie it is a 401 in the error shape.
    "GET /api/live": {
      arbitrary: fc.record({
        params: fc.constant({}),
        query: hostileQuery([], { defs, idsFor: () => [] }),
        body: fc.constant({ kind: "none" as const }),
        headers: fc.record({
          cookie: fc.oneof(
            ascii.map((v) => `better-auth.session_token=${v}`),
            ascii,
            fc.constant("better-auth.session_token=forged.value; better-auth.session_data=x"),
          ),
        }),
      }),
      expect4xx: true,
    },
    // Prometheus metrics: with a forged or garbage cookie (and no token) a 401 in the error shape.
    "GET /api/metrics": {
      arbitrary: fc.record({
        params: fc.constant({}),
        query: hostileQuery([], { defs, idsFor: () => [] }),
        body: fc.constant({ kind: "none" as const }),
        headers: fc.record({
          cookie: fc.oneof(
            ascii.map((v) => `better-auth.session_token=${v}`),
            ascii,
          ),
        }),
      }),
      expect4xx: true,
    },
  };

  it("answered only statuses the OpenAPI document lists for each operation", () => {
    expect([...undocumented].sort()).toEqual([]);
  });
});

/** The component schema with `#/components/schemas/X` refs pointing into its own `$defs`. */
function rewrite(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replace(/#\/components\/schemas\//g, "#/$defs/"));
}
