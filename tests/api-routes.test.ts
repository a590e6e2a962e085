/**
 * Calls every operation of the OpenAPI document through its real route handler (bearer tokens and a
 * super admin's session cookie) and checks every response — success and error — against the schema
 * the document gives for that path, method and status (ajv), and the success bodies against the zod
 * schemas the document was generated from.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createDb } from "@/db/client";
import { auditLog, battleRecords, storeMembers, syncLogs, syncSchedules, walletTransactions } from "@/db/schema";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import * as s from "@/lib/api/schemas";
import { createApiToken } from "@/lib/api-tokens/create";
import { ensureDefaultSchedules } from "@/lib/schedules/queries";
import { useTestDatabase } from "./helpers/db";
import { makeCtx, makeUser } from "./helpers/factories";
import { useGameServer } from "./helpers/game";
import { makeRunner, waitFor } from "./helpers/runner";
import { callRoute, documentOperations, loadRoute, responseValidator, type CallOptions, type HttpMethod } from "./helpers/api";

const doc = buildOpenApiDocument();
const validator = responseValidator(doc);

type Who = "admin" | "ops" | "viewer" | "none" | { bearer: string } | { cookie: string };

describe("every /api/v1 operation, through its route handler, against the OpenAPI document", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let g: Awaited<ReturnType<typeof useGameServer>>;
  const auth: { adminCookie: string; ops: string; viewer: string } = { adminCookie: "", ops: "", viewer: "" };
  /** `METHOD template` → statuses seen. */
  const seen = new Map<string, Set<number>>();

  beforeAll(async () => {
    t = await useTestDatabase("api");
    // The handlers use the app's own client (appDb), created lazily from these on first use.
    process.env.DATABASE_URL = t.url;
    process.env.SYNC_ENGINE = "inline";
    process.env.BETTER_AUTH_SECRET ??= `test-secret-${randomUUID()}`;
    process.env.BETTER_AUTH_URL ??= "http://localhost:3000";
    const { appDb } = await import("@/db/client");
    afterAll(async () => {
      await appDb().sql.end({ timeout: 5 });
    });
    g = await useGameServer(t.db);
    afterAll(async () => {
      await g.server.close();
    });
    await ensureDefaultSchedules(t.db);
    // No scheduled run may join the sessions these tests count.
    await t.db.update(syncSchedules).set({ enabled: false });

    // A super admin signs in with email and password: the session cookie reaches super-admin-only routes.
    const { ensureUser } = await import("@/lib/demo/users");
    const { getAuth } = await import("@/lib/auth/server");
    const email = `admin-${randomUUID().slice(0, 8)}@test.local`;
    await ensureUser(t.db, { name: "API Admin", email, password: "api-test-password", role: "super_admin" });
    const signIn = await getAuth().api.signInEmail({ body: { email, password: "api-test-password" }, asResponse: true });
    expect(signIn.status).toBe(200);
    auth.adminCookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(auth.adminCookie).toMatch(/session_token=/);

    // Tokens are ops or viewer: they never reach super-admin-only routes.
    const creator = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    auth.ops = (await createApiToken({ ctx: creator, input: { name: "api-test-ops", role: "ops" } })).token;
    auth.viewer = (await createApiToken({ ctx: creator, input: { name: "api-test-viewer", role: "viewer" } })).token;
  });

  function headersFor(who: Who): Record<string, string> {
    if (who === "none") return {};
    if (who === "admin") return { cookie: auth.adminCookie };
    if (who === "ops" || who === "viewer") return { authorization: `Bearer ${auth[who]}` };
    if ("bearer" in who) return { authorization: `Bearer ${who.bearer}` };
    return { cookie: who.cookie };
  }

  /** Calls the handler, then checks the status is documented and the body matches the document's schema for it. */
  async function api(method: HttpMethod, template: string, who: Who, opts: CallOptions = {}) {
    const res = await callRoute(await loadRoute(template), method, template, { ...opts, headers: { ...headersFor(who), ...opts.headers } });
    expect(res.contentType, `${method} ${template}`).toMatch(/^application\/json/);
    expect(validator.check(template, method, res.status, res.body), `${method} ${template} → ${res.status}: ${JSON.stringify(res.body)?.slice(0, 500)}`).toEqual([]);
    const key = `${method} ${template}`;
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key)!.add(res.status);
    return res;
  }

  /** A success: the status, and the body parsed with the zod schema the document was generated from. */
  async function ok<T extends z.ZodType>(status: number, schema: T, res: Promise<{ status: number; body: unknown }>): Promise<z.infer<T>> {
    const { status: got, body } = await res;
    expect(got, JSON.stringify(body)?.slice(0, 500)).toBe(status);
    return schema.parse(body);
  }

  /** An error: the status and the start of its code (`forbidden:`, `conflict:sync_session` …). */
  async function fails(status: number, code: string, res: Promise<{ status: number; body: unknown }>) {
    const { status: got, body } = await res;
    expect(got, JSON.stringify(body)).toBe(status);
    const parsed = s.errorBodySchema.parse(body);
    expect(parsed.error.code.startsWith(code), `${parsed.error.code} should start with ${code}`).toBe(true);
    return parsed.error;
  }

  const missing = () => randomUUID();
  let pgInstance: z.infer<typeof s.instanceSchema>;
  let downInstance: z.infer<typeof s.instanceSchema>;

  it("answers 401 in the error shape to every authenticated operation without, or with a bad, token", async () => {
    for (const op of documentOperations(doc).filter((o) => o.authenticated)) {
      const params = op.template.includes("{id}") ? { id: missing() } : undefined;
      await fails(401, "unauthorized:", api(op.method, op.template, "none", { params }));
    }
    await fails(401, "unauthorized:api_token", api("GET", "/api/v1/sessions", { bearer: "sdk_not-a-real-token" }));
    await fails(401, "unauthorized:api_token", api("GET", "/api/v1/sessions", { bearer: "nope" }));
    await fails(401, "unauthorized:", api("GET", "/api/v1/sessions", { cookie: "better-auth.session_token=forged.value" }));
  });

  it("serves health and the document publicly", async () => {
    const health = await ok(200, s.healthSchema, api("GET", "/api/health", "none"));
    expect(health).toMatchObject({ ok: true, database: { ok: true }, engine: { mode: "inline" } });
    const served = await ok(200, s.openApiDocumentSchema, api("GET", "/api/v1/openapi.json", "none"));
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));

    // With the database unreachable, health is a 503 with the same shape.
    const g2 = globalThis as unknown as { syncdeckDb?: ReturnType<typeof createDb> };
    const real = g2.syncdeckDb;
    const dead = createDb("postgres://nobody:x@127.0.0.1:1/nowhere", { max: 1 });
    g2.syncdeckDb = dead;
    try {
      const down = await ok(503, s.healthSchema, api("GET", "/api/health", "none"));
      expect(down).toMatchObject({ ok: false, database: { ok: false } });
    } finally {
      g2.syncdeckDb = real;
      await dead.sql.end({ timeout: 1 });
    }
  });

  it("instances: list, get, add, enable and test; only super admins add or change them", async () => {
    const I = "/api/v1/instances";
    const body = { name: "api-pg", kind: "postgres", connectionUrl: t.url };
    await fails(403, "forbidden:instance", api("POST", I, "ops", { body }));
    await fails(403, "forbidden:instance", api("POST", I, "viewer", { body }));
    await fails(400, "bad_request:validation", api("POST", I, "admin", { body: { ...body, extra: true } }));
    await fails(400, "bad_request:json", api("POST", I, "admin", { body: "{ not json" }));
    await fails(400, "bad_request:validation", api("POST", I, "admin", { body: { ...body, connectionUrl: "mysql://h/db" } }));
    pgInstance = await ok(201, s.instanceSchema, api("POST", I, "admin", { body }));
    expect(JSON.stringify(pgInstance)).not.toContain(t.url);
    await fails(409, "conflict:instance", api("POST", I, "admin", { body: { ...body, name: "API-PG" } }));
    downInstance = await ok(201, s.instanceSchema, api("POST", I, "admin", { body: { name: "api-down", kind: "postgres", connectionUrl: "postgres://x:topsecret@127.0.0.1:1/nowhere" } }));

    const list = await ok(200, s.instanceListSchema, api("GET", I, "viewer"));
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([pgInstance.id, downInstance.id, g.instance.id]));
    expect(await ok(200, s.instanceSchema, api("GET", `${I}/{id}`, "viewer", { params: { id: pgInstance.id } }))).toEqual(pgInstance);
    await fails(404, "not_found:instance", api("GET", `${I}/{id}`, "viewer", { params: { id: missing() } }));
    await fails(404, "not_found:instance", api("GET", `${I}/{id}`, "viewer", { params: { id: "not-a-uuid" } }));

    await fails(403, "forbidden:instance", api("PATCH", `${I}/{id}`, "ops", { params: { id: pgInstance.id }, body: { enabled: false } }));
    await fails(400, "bad_request:validation", api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: { enabled: false, name: "x" } }));
    await fails(400, "bad_request:json", api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: "nope" }));
    await fails(404, "not_found:instance", api("PATCH", `${I}/{id}`, "admin", { params: { id: missing() }, body: { enabled: false } }));
    const disabled = await ok(200, s.instanceSchema, api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: { enabled: false } }));
    expect(disabled.enabled).toBe(false);
    expect((await ok(200, s.instanceSchema, api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: { enabled: true } }))).enabled).toBe(true);

    await fails(403, "forbidden:instance", api("POST", `${I}/{id}/test`, "viewer", { params: { id: pgInstance.id } }));
    await fails(404, "not_found:instance", api("POST", `${I}/{id}/test`, "ops", { params: { id: missing() } }));
    await fails(400, "bad_request:validation", api("POST", `${I}/{id}/test`, "ops", { params: { id: "not-a-uuid" } }));
    expect(await ok(200, s.instanceTestResultSchema, api("POST", `${I}/{id}/test`, "ops", { params: { id: pgInstance.id } }))).toMatchObject({ ok: true });
    const down = await ok(200, s.instanceTestResultSchema, api("POST", `${I}/{id}/test`, "admin", { params: { id: downInstance.id } }));
    expect(down.ok).toBe(false);
    expect(down.message).not.toContain("topsecret");
  });

  it("sessions: start, list, get, cancel (409 once ended), retry failed and resync a record", async () => {
    const S = "/api/v1/sessions";
    const start = { category: "account", instanceIds: [pgInstance.id, downInstance.id] };
    await fails(403, "forbidden:sync_session", api("POST", S, "viewer", { body: start }));
    await fails(400, "bad_request:validation", api("POST", S, "ops", { body: { ...start, priority: "high" } }));
    await fails(400, "bad_request:json", api("POST", S, "ops", { body: "{" }));
    await fails(404, "not_found:instance", api("POST", S, "ops", { body: { category: "account", instanceIds: [missing()] } }));
    const session = await ok(201, s.syncSessionSchema, api("POST", S, "ops", { body: start }));
    expect(session).toMatchObject({ status: "running", totalInstances: 2, createdBy: null, syncType: "manual_batch" });
    await fails(409, "conflict:instance_lock", api("POST", S, "admin", { body: start }));

    const runner = makeRunner(t);
    await runner.start();
    try {
      await waitFor(async () => {
        const res = await api("GET", `${S}/{id}`, "viewer", { params: { id: session.id } });
        return (res.body as { status: string }).status !== "running";
      }, "the batch to finish");
    } finally {
      await runner.stop();
    }

    const detail = await ok(200, s.syncSessionDetailSchema, api("GET", `${S}/{id}`, "viewer", { params: { id: session.id } }));
    expect(detail).toMatchObject({ status: "completed", successfulInstances: 1, failedInstances: 1 });
    const failed = detail.records.find((r) => r.instanceId === downInstance.id)!;
    expect(failed).toMatchObject({ status: "failed", details: { errorCode: expect.any(String) } });
    expect(detail.records.find((r) => r.instanceId === pgInstance.id)).toMatchObject({ status: "completed", details: { timings: expect.any(Object) } });
    await fails(404, "not_found:sync_session", api("GET", `${S}/{id}`, "viewer", { params: { id: missing() } }));

    // Lists: filters, keyset pages, and 400 for anything the query schema does not know.
    const partial = await ok(200, s.syncSessionPageSchema, api("GET", S, "viewer", { query: { status: "partial", category: "account", type: "manual_batch" } }));
    expect(partial.items.map((i) => i.id)).toEqual([session.id]);
    await fails(400, "bad_request:validation", api("GET", S, "viewer", { query: { sort: "asc" } }));
    await fails(400, "bad_request:validation", api("GET", S, "viewer", { query: { limit: 0 } }));
    await fails(400, "bad_request:cursor", api("GET", S, "viewer", { query: { cursor: "bm90IGEgY3Vyc29y" } }));

    // Ended: cancel and terminate are 409.
    await fails(409, "conflict:sync_session", api("POST", `${S}/{id}/cancel`, "ops", { params: { id: session.id } }));
    await fails(409, "conflict:sync_session", api("DELETE", `${S}/{id}`, "ops", { params: { id: session.id } }));
    for (const [method, path] of [["POST", `${S}/{id}/cancel`], ["DELETE", `${S}/{id}`]] as const) {
      await fails(403, "forbidden:sync_session", api(method, path, "viewer", { params: { id: session.id } }));
      await fails(404, "not_found:sync_session", api(method, path, "ops", { params: { id: missing() } }));
      await fails(400, "bad_request:validation", api(method, path, "ops", { params: { id: "not-a-uuid" } }));
    }

    // Retry the failed instance: a new running session, which cancel stops.
    await fails(403, "forbidden:sync_session", api("POST", `${S}/{id}/retry-failed`, "viewer", { params: { id: session.id } }));
    await fails(404, "not_found:sync_session", api("POST", `${S}/{id}/retry-failed`, "ops", { params: { id: missing() } }));
    await fails(400, "bad_request:validation", api("POST", `${S}/{id}/retry-failed`, "ops", { params: { id: "not-a-uuid" } }));
    const retry = await ok(201, s.syncSessionSchema, api("POST", `${S}/{id}/retry-failed`, "ops", { params: { id: session.id } }));
    expect(retry).toMatchObject({ retryOf: session.id, totalInstances: 1, status: "running" });
    await fails(409, "conflict:sync_session", api("POST", `${S}/{id}/retry-failed`, "ops", { params: { id: retry.id } }));
    const cancelled = await ok(200, s.syncSessionSchema, api("POST", `${S}/{id}/cancel`, "ops", { params: { id: retry.id } }));
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledAt: expect.any(String) });
    await fails(409, "conflict:sync_session", api("DELETE", `${S}/{id}`, "ops", { params: { id: retry.id } }));
    await fails(409, "conflict:sync_session", api("POST", `${S}/{id}/retry-failed`, "ops", { params: { id: retry.id } }));

    // Resync one record's instance; terminate that session with DELETE.
    const R = "/api/v1/instance-records/{id}/resync";
    await fails(403, "forbidden:sync_session", api("POST", R, "viewer", { params: { id: failed.id } }));
    await fails(404, "not_found:instance_record", api("POST", R, "ops", { params: { id: missing() } }));
    await fails(400, "bad_request:validation", api("POST", R, "ops", { params: { id: "not-a-uuid" } }));
    const resync = await ok(201, s.syncSessionSchema, api("POST", R, "admin", { params: { id: failed.id } }));
    expect(resync).toMatchObject({ retryOf: session.id, totalInstances: 1, createdBy: expect.any(String) });
    await fails(409, "conflict:instance_lock", api("POST", R, "ops", { params: { id: failed.id } }));
    expect(await ok(200, s.syncSessionSchema, api("DELETE", `${S}/{id}`, "ops", { params: { id: resync.id } }))).toMatchObject({ status: "cancelled" });
    await fails(409, "conflict:sync_session", api("POST", `${S}/{id}/cancel`, "ops", { params: { id: resync.id } }));

    // Keyset pagination over everything above.
    const first = await ok(200, s.syncSessionPageSchema, api("GET", S, "viewer", { query: { limit: 2, type: "manual_batch" } }));
    expect(first.items).toHaveLength(2);
    const rest = await ok(200, s.syncSessionPageSchema, api("GET", S, "viewer", { query: { limit: 2, type: "manual_batch", cursor: first.nextCursor! } }));
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((i) => i.id).sort()).toEqual([session.id, retry.id, resync.id].sort());
    const today = new Date().toISOString().slice(0, 10);
    expect((await ok(200, s.syncSessionPageSchema, api("GET", S, "ops", { query: { from: today, to: today, status: "cancelled" } }))).items).toHaveLength(2);
  }, 90_000);

  let bindingId: string;
  let liveSessionId: string;
  let storeId: string;

  it("bindings: bind (super admin), list, and 409 for an account already bound", async () => {
    const B = "/api/v1/bindings";
    const { account, store } = g.pair(0);
    storeId = store.id;
    const body = { gameAccountId: account.id, storeId: store.id };
    await fails(403, "forbidden:binding", api("POST", B, "ops", { body }));
    await fails(403, "forbidden:binding", api("POST", B, "viewer", { body }));
    await fails(400, "bad_request:validation", api("POST", B, "admin", { body: { ...body, note: "x" } }));
    await fails(400, "bad_request:json", api("POST", B, "admin", { body: "[1," }));
    await fails(404, "not_found:store", api("POST", B, "admin", { body: { ...body, storeId: missing() } }));
    const bound = await ok(201, s.bindResultSchema, api("POST", B, "admin", { body }));
    expect(bound.liveSession).toMatchObject({ state: "active", autoSyncEnabled: true, version: 1 });
    bindingId = bound.binding.id;
    liveSessionId = bound.liveSession.id;
    const again = await fails(409, "conflict:binding", api("POST", B, "admin", { body }));
    expect(again.details).toEqual({ bindingId });

    const list = await ok(200, s.bindingListSchema, api("GET", B, "viewer", { query: { q: account.username, status: "active" } }));
    expect(list.items.map((b) => b.id)).toEqual([bindingId]);
    expect(list.items[0]).toMatchObject({ liveSessionId, gameAccount: account.username, store: store.name });
    await fails(400, "bad_request:validation", api("GET", B, "viewer", { query: { status: "gone" } }));
    await fails(400, "bad_request:validation", api("GET", B, "viewer", { query: { page: 2 } }));
  });

  it("live sessions: optimistic locking (412), intervals, auto-sync, logs and store data", async () => {
    const L = "/api/v1/live-sessions";
    const id = liveSessionId;
    const list = await ok(200, s.liveSessionListSchema, api("GET", L, "viewer"));
    expect(list.items.find((l) => l.id === id)).toMatchObject({ bindingId, streams: expect.any(Array) });
    const before = await ok(200, s.liveSessionDetailSchema, api("GET", `${L}/{id}`, "viewer", { params: { id } }));
    expect(before.streams.map((x) => x.stream)).toEqual(["battles", "wallet", "members"]);
    await fails(404, "not_found:live_session", api("GET", `${L}/{id}`, "viewer", { params: { id: missing() } }));

    // PATCH: permissions, validation, precondition.
    const intervals = { battles: 1, wallet: 1, members: 1 };
    await fails(403, "forbidden:live_session", api("PATCH", `${L}/{id}`, "viewer", { params: { id }, body: { intervals } }));
    await fails(400, "bad_request:body", api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals, colour: "red" } }));
    await fails(400, "bad_request:json", api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: "{{" }));
    await fails(400, "bad_request:body", api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: {} }));
    await fails(400, "bad_request:validation", api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals: { battles: 0 } } }));
    await fails(404, "not_found:live_session", api("PATCH", `${L}/{id}`, "ops", { params: { id: missing() }, body: { intervals } }));
    await fails(412, "precondition_failed:live_session", api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals }, headers: { "if-match": `"${before.version + 5}"` } }));
    await fails(412, "precondition_failed:live_session", api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals, expectedVersion: before.version + 5 } }));
    const patched = await ok(200, s.liveSessionSchema, api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals }, headers: { "if-match": `"${before.version}"` } }));
    expect(patched).toMatchObject({ intervals, version: before.version + 1 });
    await fails(412, "precondition_failed:live_session", api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals: { battles: 2 }, expectedVersion: before.version } }));

    // Let the streams run against the demo game server, then read what they wrote.
    const runner = makeRunner(t);
    await runner.start();
    try {
      await waitFor(async () => (await t.db.$count(battleRecords, eq(battleRecords.storeId, storeId))) > 0, "battles to arrive");
      await waitFor(async () => (await t.db.$count(walletTransactions, eq(walletTransactions.storeId, storeId))) > 0, "wallet to arrive");
      await waitFor(async () => (await t.db.$count(storeMembers, eq(storeMembers.storeId, storeId))) > 0, "members to arrive");
      await waitFor(async () => (await t.db.$count(syncLogs, eq(syncLogs.liveSessionId, id))) >= 3, "sync logs");
    } finally {
      await runner.stop();
    }

    const running = await ok(200, s.liveSessionDetailSchema, api("GET", `${L}/{id}`, "ops", { params: { id } }));
    expect(running.streams.some((x) => x.lastSuccessAt !== null && x.recordsTotal > 0)).toBe(true);
    const listed = await ok(200, s.liveSessionListSchema, api("GET", L, "ops"));
    expect(listed.items.find((l) => l.id === id)!.streams.some((x) => x.lastTickAt !== null)).toBe(true);

    const logs = await ok(200, s.syncLogPageSchema, api("GET", `${L}/{id}/logs`, "viewer", { params: { id }, query: { limit: 2 } }));
    expect(logs.items).toHaveLength(2);
    const older = await ok(200, s.syncLogPageSchema, api("GET", `${L}/{id}/logs`, "viewer", { params: { id }, query: { before: logs.nextBefore!, stream: "battles" } }));
    expect(older.items.every((l) => l.id < logs.nextBefore! && l.stream === "battles")).toBe(true);
    await fails(400, "bad_request:validation", api("GET", `${L}/{id}/logs`, "viewer", { params: { id }, query: { stream: "chat" } }));
    await fails(404, "not_found:live_session", api("GET", `${L}/{id}/logs`, "viewer", { params: { id: "not-a-uuid" } }));

    const D = "/api/v1/stores/{id}/data";
    for (const kind of ["battles", "wallet", "members", "stats"] as const) {
      const data = await ok(200, s.storeDataSchema, api("GET", D, "viewer", { params: { id: storeId }, query: { kind, limit: 5 } }));
      expect(data.kind).toBe(kind);
      expect(data.items.length).toBeGreaterThan(0);
    }
    expect((await ok(200, s.storeDataSchema, api("GET", D, "viewer", { params: { id: storeId } }))).kind).toBe("battles");
    await fails(400, "bad_request:validation", api("GET", D, "viewer", { params: { id: storeId }, query: { kind: "chat" } }));
    await fails(404, "not_found:store", api("GET", D, "viewer", { params: { id: missing() } }));

    // Auto-sync off and on; a stale expectedVersion is a 412.
    const A = `${L}/{id}/auto-sync`;
    const now = await ok(200, s.liveSessionDetailSchema, api("GET", `${L}/{id}`, "viewer", { params: { id } }));
    await fails(403, "forbidden:live_session", api("PUT", A, "viewer", { params: { id }, body: { enabled: false } }));
    await fails(400, "bad_request:validation", api("PUT", A, "ops", { params: { id }, body: { enabled: false, now: true } }));
    await fails(400, "bad_request:json", api("PUT", A, "ops", { params: { id }, body: "enabled=false" }));
    await fails(404, "not_found:live_session", api("PUT", A, "ops", { params: { id: missing() }, body: { enabled: false } }));
    await fails(412, "precondition_failed:live_session", api("PUT", A, "ops", { params: { id }, body: { enabled: false, expectedVersion: now.version - 1 } }));
    const stopped = await ok(200, s.liveSessionSchema, api("PUT", A, "ops", { params: { id }, body: { enabled: false, expectedVersion: now.version } }));
    expect(stopped).toMatchObject({ autoSyncEnabled: false, tickChain: null });
    expect((await ok(200, s.liveSessionSchema, api("PUT", A, "ops", { params: { id }, body: { enabled: true } }))).autoSyncEnabled).toBe(true);

    // Deactivate; auto-sync cannot start an inactive session (409); restart brings it back.
    expect((await ok(200, s.liveSessionSchema, api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { active: false } }))).state).toBe("inactive");
    await fails(409, "conflict:live_session", api("PUT", A, "ops", { params: { id }, body: { enabled: true } }));
    const P = `${L}/{id}/restart`;
    await fails(403, "forbidden:live_session", api("POST", P, "viewer", { params: { id } }));
    await fails(404, "not_found:live_session", api("POST", P, "ops", { params: { id: missing() } }));
    await fails(400, "bad_request:validation", api("POST", P, "ops", { params: { id: "not-a-uuid" } }));
    expect(await ok(200, s.liveSessionSchema, api("POST", P, "ops", { params: { id } }))).toMatchObject({ state: "active", autoSyncEnabled: true, errorMsg: null });
  }, 90_000);

  it("bindings: unbind (super admin); an unbound session cannot be restarted or reactivated (409)", async () => {
    const U = "/api/v1/bindings/{id}";
    await fails(403, "forbidden:binding", api("DELETE", U, "ops", { params: { id: bindingId } }));
    await fails(404, "not_found:binding", api("DELETE", U, "admin", { params: { id: missing() } }));
    await fails(400, "bad_request:validation", api("DELETE", U, "admin", { params: { id: "not-a-uuid" } }));
    const unbound = await ok(200, s.bindingSchema, api("DELETE", U, "admin", { params: { id: bindingId } }));
    expect(unbound).toMatchObject({ status: "inactive", unboundAt: expect.any(String) });
    await fails(409, "conflict:binding", api("DELETE", U, "admin", { params: { id: bindingId } }));
    await fails(409, "conflict:live_session", api("POST", "/api/v1/live-sessions/{id}/restart", "ops", { params: { id: liveSessionId } }));
    await fails(409, "conflict:live_session", api("PATCH", "/api/v1/live-sessions/{id}", "ops", { params: { id: liveSessionId }, body: { active: true } }));
    const list = await ok(200, s.bindingListSchema, api("GET", "/api/v1/bindings", "viewer", { query: { status: "inactive" } }));
    expect(list.items[0]).toMatchObject({ id: bindingId, state: "inactive", unboundAt: expect.any(String) });
  });

  it("statistics for every timeframe and a category; 400 for anything else", async () => {
    const T = "/api/v1/statistics";
    const week = await ok(200, s.statisticsSchema, api("GET", T, "viewer"));
    expect(week).toMatchObject({ timeframe: "7d", bucket: "day", category: null });
    expect(week.totals.runs).toBeGreaterThanOrEqual(3);
    expect(week.topFailingInstances.map((f) => f.instanceId)).toContain(downInstance.id);
    expect(week.durations.length).toBeGreaterThan(0);
    for (const timeframe of ["24h", "30d"]) await ok(200, s.statisticsSchema, api("GET", T, "ops", { query: { timeframe, category: "account" } }));
    await fails(400, "bad_request:validation", api("GET", T, "viewer", { query: { timeframe: "1y" } }));
    await fails(400, "bad_request:validation", api("GET", T, "viewer", { query: { metric: "p95" } }));
  });

  it("schedules: list for everyone, change for super admins only", async () => {
    const C = "/api/v1/schedules";
    const list = await ok(200, s.scheduleListSchema, api("GET", C, "viewer"));
    expect(list.items.map((i) => i.category)).toEqual(["account", "capacity", "config"]);
    const body = { category: "capacity", cron: "*/15 * * * *", enabled: true };
    await fails(403, "forbidden:schedule", api("PUT", C, "ops", { body }));
    await fails(400, "bad_request:validation", api("PUT", C, "admin", { body: { ...body, cron: "every minute" } }));
    await fails(400, "bad_request:validation", api("PUT", C, "admin", { body: { ...body, timezone: "UTC" } }));
    await fails(400, "bad_request:json", api("PUT", C, "admin", { body: "}" }));
    const updated = await ok(200, s.scheduleSchema, api("PUT", C, "admin", { body }));
    expect(updated).toMatchObject({ category: "capacity", cron: "*/15 * * * *", updatedBy: expect.any(String) });
    const off = await ok(200, s.scheduleSchema, api("PUT", C, "admin", { body: { ...body, enabled: false } }));
    expect(off.enabled).toBe(false);
    const after = await ok(200, s.scheduleListSchema, api("GET", C, "viewer"));
    expect(after.items.find((i) => i.category === "capacity")).toMatchObject({ enabled: false, nextRunAt: null });
    await t.db.delete(syncSchedules).where(eq(syncSchedules.category, "config"));
    await fails(404, "not_found:schedule", api("PUT", C, "admin", { body: { ...body, category: "config" } }));
    await ensureDefaultSchedules(t.db);
  });

  it("API tokens: list, create and revoke through the API (super admin); a revoked token is a 401", async () => {
    const K = "/api/v1/tokens";
    for (const who of ["ops", "viewer"] as const) {
      await fails(403, "forbidden:api_token", api("GET", K, who));
      await fails(403, "forbidden:api_token", api("POST", K, who, { body: { name: "x", role: "viewer" } }));
      await fails(403, "forbidden:api_token", api("DELETE", `${K}/{id}`, who, { params: { id: missing() } }));
    }
    await fails(400, "bad_request:validation", api("POST", K, "admin", { body: { name: "root", role: "super_admin" } }));
    await fails(400, "bad_request:validation", api("POST", K, "admin", { body: { name: "x", role: "ops", scopes: ["all"] } }));
    await fails(400, "bad_request:json", api("POST", K, "admin", { body: "{'single': 'quotes'}" }));
    const created = await ok(201, s.createdApiTokenSchema, api("POST", K, "admin", { body: { name: "ci", role: "viewer", expiresInDays: 7 } }));
    expect(created.expiresAt).not.toBeNull();
    const list = await ok(200, s.apiTokenListSchema, api("GET", K, "admin"));
    expect(list.items.map((i) => i.name)).toEqual(expect.arrayContaining(["ci", "api-test-ops", "api-test-viewer"]));
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect((await ok(200, s.auditPageSchema, api("GET", "/api/v1/audit", { bearer: created.token }, { query: { limit: 1 } }))).items).toHaveLength(1);

    await fails(400, "bad_request:validation", api("DELETE", `${K}/{id}`, "admin", { params: { id: "not-a-uuid" } }));
    const revoked = await ok(200, s.revokedApiTokenSchema, api("DELETE", `${K}/{id}`, "admin", { params: { id: created.id } }));
    expect(revoked.id).toBe(created.id);
    await fails(404, "not_found:api_token", api("DELETE", `${K}/{id}`, "admin", { params: { id: created.id } }));
    await fails(401, "unauthorized:api_token", api("GET", "/api/v1/audit", { bearer: created.token }));
  });

  it("audit: every change above is there, newest first, in pages", async () => {
    const A = "/api/v1/audit";
    const first = await ok(200, s.auditPageSchema, api("GET", A, "viewer", { query: { limit: 5 } }));
    expect(first.items).toHaveLength(5);
    expect(first.nextBefore).toBe(first.items[4]!.id);
    const next = await ok(200, s.auditPageSchema, api("GET", A, "ops", { query: { limit: 200, before: first.nextBefore! } }));
    expect(next.items.every((e) => e.id < first.nextBefore!)).toBe(true);
    const all = [...first.items, ...next.items];
    expect(all.length).toBe(await t.db.$count(auditLog));
    expect(new Set(all.map((e) => e.action))).toEqual(
      new Set([
        "api_token.create", "api_token.revoke", "instance.create", "instance.enable", "instance.disable", "instance.test", "sync_session.start", "sync_session.cancel",
        "sync_session.retry_failed", "sync_session.resync_instance", "binding.create", "binding.unbind", "live_session.update_intervals", "live_session.stop_auto_sync",
        "live_session.start_auto_sync", "live_session.deactivate", "live_session.restart", "schedule.update",
      ]),
    );
    expect(all.some((e) => e.actorType === "api_token" && e.actorLabel === "token:api-test-ops")).toBe(true);
    await fails(400, "bad_request:validation", api("GET", A, "viewer", { query: { before: -1 } }));
    await fails(400, "bad_request:validation", api("GET", A, "viewer", { query: { actor: "me" } }));
  });

  it("has exercised every operation of the document with a success and every documented error status", () => {
    const missingSuccess = documentOperations(doc)
      .filter((op) => ![...(seen.get(`${op.method} ${op.template}`) ?? [])].some((st) => st >= 200 && st < 300))
      .map((op) => `${op.method} ${op.template}`);
    expect(missingSuccess).toEqual([]);
    // Every error status the document lists was produced by some call above (500 aside).
    const unexercised = documentOperations(doc).flatMap((op) =>
      op.statuses.filter((st) => st !== "500" && !seen.get(`${op.method} ${op.template}`)?.has(Number(st))).map((st) => `${op.method} ${op.template} ${st}`),
    );
    expect(unexercised).toEqual([]);
  });
});
