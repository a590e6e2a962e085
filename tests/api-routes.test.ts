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
import {
  auditLog,
  battleRecords,
  gameAccounts,
  instanceRecords,
  instances,
  storeMembers,
  syncLogs,
  syncSchedules,
  syncSessions,
  walletTransactions,
} from "@/db/schema";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import * as s from "@/lib/api/schemas";
import { sessionAnalyticsSchema } from "@/lib/analytics/schemas";
import { createApiToken } from "@/lib/api-tokens/create";
import { encryptSecret } from "@/lib/crypto/secrets";
import { ensureDefaultSchedules } from "@/lib/schedules/queries";
import { applyAccountSnapshot } from "@/lib/sync/account-snapshot";
import { applyCapacitySnapshot } from "@/lib/sync/capacity-snapshot";
import { applyConfigSnapshot } from "@/lib/sync/config-snapshot";
import { signedInUser, setUpAppDatabase } from "./helpers/app";
import type { useTestDatabase } from "./helpers/db";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
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
    t = await setUpAppDatabase("api");
    g = await useGameServer(t.db);
    afterAll(async () => {
      await g.server.close();
    });

    // A super admin signs in with email and password: the session cookie reaches super-admin-only routes.
    auth.adminCookie = (await signedInUser(t.db, "super_admin", "API Admin")).cookie;
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
    // The audit export is the one CSV success; everything else, and every error, is JSON.
    const csv = template === "/api/v1/audit/export" && res.status === 200;
    expect(res.contentType, `${method} ${template}`).toMatch(csv ? /^text\/csv/ : /^application\/json/);
    expect(
      validator.check(template, method, res.status, res.body),
      `${method} ${template} → ${res.status}: ${JSON.stringify(res.body)?.slice(0, 500)}`,
    ).toEqual([]);
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

  it("answers 400 in the error shape to every authenticated operation given a query parameter it does not know", async () => {
    for (const op of documentOperations(doc).filter((o) => o.authenticated)) {
      const params = op.template.includes("{id}") ? { id: missing() } : undefined;
      const required: Record<string, string> = op.template === "/api/v1/search" ? { q: "ab" } : {};
      const err = await fails(
        400,
        "bad_request:",
        api(op.method, op.template, "admin", { params, query: { ...required, not_a_parameter: "1" } }),
      );
      expect(err.message, `${op.method} ${op.template}`).toMatch(/not_a_parameter|unexpected|unknown|unrecognized/i);
    }
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
    downInstance = await ok(
      201,
      s.instanceSchema,
      api("POST", I, "admin", {
        body: { name: "api-down", kind: "postgres", connectionUrl: "postgres://x:topsecret@127.0.0.1:1/nowhere" },
      }),
    );

    const list = await ok(200, s.instanceListSchema, api("GET", I, "viewer"));
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([pgInstance.id, downInstance.id, g.instance.id]));
    expect(await ok(200, s.instanceSchema, api("GET", `${I}/{id}`, "viewer", { params: { id: pgInstance.id } }))).toEqual(pgInstance);
    await fails(404, "not_found:instance", api("GET", `${I}/{id}`, "viewer", { params: { id: missing() } }));
    await fails(404, "not_found:instance", api("GET", `${I}/{id}`, "viewer", { params: { id: "not-a-uuid" } }));

    await fails(403, "forbidden:instance", api("PATCH", `${I}/{id}`, "ops", { params: { id: pgInstance.id }, body: { enabled: false } }));
    await fails(
      400,
      "bad_request:validation",
      api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: { enabled: false, colour: "x" } }),
    );
    await fails(400, "bad_request:json", api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: "nope" }));
    await fails(404, "not_found:instance", api("PATCH", `${I}/{id}`, "admin", { params: { id: missing() }, body: { enabled: false } }));
    const disabled = await ok(
      200,
      s.instanceSchema,
      api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: { enabled: false } }),
    );
    expect(disabled.enabled).toBe(false);
    expect(
      (await ok(200, s.instanceSchema, api("PATCH", `${I}/{id}`, "admin", { params: { id: pgInstance.id }, body: { enabled: true } })))
        .enabled,
    ).toBe(true);
    // Rename and replace the connection URL (write-only: never returned, the last test result is cleared).
    await fails(
      409,
      "conflict:instance",
      api("PATCH", `${I}/{id}`, "admin", { params: { id: downInstance.id }, body: { name: "API-PG" } }),
    );
    await fails(
      400,
      "bad_request:validation",
      api("PATCH", `${I}/{id}`, "admin", { params: { id: downInstance.id }, body: { connectionUrl: "mysql://h/db" } }),
    );
    await fails(
      400,
      "bad_request:validation",
      api("PATCH", `${I}/{id}`, "admin", { params: { id: g.instance.id }, body: { connectionUrl: "postgres://u:p@h/db" } }),
    );
    await fails(400, "bad_request:instance", api("PATCH", `${I}/{id}`, "admin", { params: { id: downInstance.id }, body: {} }));
    await fails(
      403,
      "forbidden:instance",
      api("PATCH", `${I}/{id}`, "ops", { params: { id: downInstance.id }, body: { name: "api-down-2" } }),
    );
    const replaced = await ok(
      200,
      s.instanceSchema,
      api("PATCH", `${I}/{id}`, "admin", {
        params: { id: downInstance.id },
        body: { name: "api-down-2", connectionUrl: "postgres://x:othersecret@127.0.0.1:2/nowhere" },
      }),
    );
    expect(replaced).toMatchObject({ name: "api-down-2", endpoint: "127.0.0.1:2/nowhere", lastTestAt: null, enabled: true });
    expect(JSON.stringify(replaced)).not.toContain("othersecret");
    // Back to its name: the search test below looks for it.
    downInstance = await ok(
      200,
      s.instanceSchema,
      api("PATCH", `${I}/{id}`, "admin", { params: { id: downInstance.id }, body: { name: "api-down" } }),
    );
    expect(downInstance).toMatchObject({ name: "api-down", endpoint: "127.0.0.1:2/nowhere" });

    await fails(403, "forbidden:instance", api("POST", `${I}/{id}/test`, "viewer", { params: { id: pgInstance.id } }));
    await fails(404, "not_found:instance", api("POST", `${I}/{id}/test`, "ops", { params: { id: missing() } }));
    await fails(400, "bad_request:validation", api("POST", `${I}/{id}/test`, "ops", { params: { id: "not-a-uuid" } }));
    expect(
      await ok(200, s.instanceTestResultSchema, api("POST", `${I}/{id}/test`, "ops", { params: { id: pgInstance.id } })),
    ).toMatchObject({ ok: true });
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
    expect(failed).toMatchObject({ status: "failed", failureClass: "network", details: { errorCode: expect.any(String) } });
    expect(failed.errorDetail).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(detail)).not.toContain("topsecret");
    expect(detail.failureClass).toBe("network");
    expect(detail.records.find((r) => r.instanceId === pgInstance.id)).toMatchObject({
      status: "completed",
      details: { timings: { fetchMs: expect.any(Number), totalMs: expect.any(Number) } },
    });
    const timings = detail.records.find((r) => r.instanceId === pgInstance.id)!.details!.timings!;
    expect(timings.totalMs).toBeGreaterThanOrEqual(timings.fetchMs!); // the whole record includes the fetch
    await fails(404, "not_found:sync_session", api("GET", `${S}/{id}`, "viewer", { params: { id: missing() } }));

    // include=logs,stats; the ETag is the version.
    const plain = await api("GET", `${S}/{id}`, "viewer", { params: { id: session.id } });
    expect(plain.headers.get("etag")).toBe(`"${detail.version}"`);
    expect(plain.body).not.toHaveProperty("logs");
    const full = await ok(
      200,
      s.syncSessionDetailSchema,
      api("GET", `${S}/{id}`, "viewer", { params: { id: session.id }, query: { include: "logs,stats" } }),
    );
    expect(full.stats).toMatchObject({ records: { total: 2, completed: 1, failed: 1 }, failureClasses: { network: 1 } });
    expect(
      full
        .logs!.filter((l) => l.source === "record")
        .map((l) => l.event)
        .sort(),
    ).toEqual(["completed", "failed", "started", "started"]);
    expect(full.logs!.find((l) => l.source === "audit")).toMatchObject({ event: "sync_session.start", actorLabel: "token:api-test-ops" });
    expect(JSON.stringify(full)).not.toContain("topsecret");
    expect(
      (
        await ok(
          200,
          s.syncSessionDetailSchema,
          api("GET", `${S}/{id}`, "ops", { params: { id: session.id }, query: { include: "stats" } }),
        )
      ).logs,
    ).toBeUndefined();
    await fails(
      400,
      "bad_request:validation",
      api("GET", `${S}/{id}`, "viewer", { params: { id: session.id }, query: { include: "logs,records" } }),
    );
    await fails(
      400,
      "bad_request:validation",
      api("GET", `${S}/{id}`, "viewer", { params: { id: session.id }, query: { expand: "logs" } }),
    );

    // PUT label/note: optimistic locking with If-Match or version (428 without, 412 when stale).
    const P = { params: { id: session.id } };
    await fails(428, "precondition_required:sync_session", api("PUT", `${S}/{id}`, "ops", { ...P, body: { label: "nightly" } }));
    await fails(
      412,
      "precondition_failed:sync_session",
      api("PUT", `${S}/{id}`, "ops", { ...P, body: { label: "nightly" }, headers: { "if-match": `"${detail.version + 1}"` } }),
    );
    await fails(
      403,
      "forbidden:sync_session",
      api("PUT", `${S}/{id}`, "viewer", { ...P, body: { label: "nightly", version: detail.version } }),
    );
    await fails(
      400,
      "bad_request:validation",
      api("PUT", `${S}/{id}`, "ops", { ...P, body: { label: "x".repeat(121), version: detail.version } }),
    );
    await fails(
      400,
      "bad_request:validation",
      api("PUT", `${S}/{id}`, "ops", { ...P, body: { label: "x", status: "completed", version: detail.version } }),
    );
    await fails(400, "bad_request:json", api("PUT", `${S}/{id}`, "ops", { ...P, body: "{" }));
    await fails(400, "bad_request:if_match", api("PUT", `${S}/{id}`, "ops", { ...P, body: { label: "x" }, headers: { "if-match": "*" } }));
    await fails(
      404,
      "not_found:sync_session",
      api("PUT", `${S}/{id}`, "ops", { params: { id: missing() }, body: { label: "x", version: 1 } }),
    );
    const labelled = await api("PUT", `${S}/{id}`, "ops", {
      ...P,
      body: { label: "nightly", note: "checked" },
      headers: { "if-match": `"${detail.version}"` },
    });
    expect(s.syncSessionSchema.parse(labelled.body)).toMatchObject({ label: "nightly", note: "checked", version: detail.version + 1 });
    expect(labelled.headers.get("etag")).toBe(`"${detail.version + 1}"`);
    await fails(
      412,
      "precondition_failed:sync_session",
      api("PUT", `${S}/{id}`, "admin", { ...P, body: { note: "stale", version: detail.version } }),
    );
    expect(await ok(200, s.syncSessionDetailSchema, api("GET", `${S}/{id}`, "viewer", P))).toMatchObject({
      label: "nightly",
      note: "checked",
      version: detail.version + 1,
    });

    // Lists: filters, keyset pages, and 400 for anything the query schema does not know.
    const partial = await ok(
      200,
      s.syncSessionPageSchema,
      api("GET", S, "viewer", { query: { status: "partial", category: "account", type: "manual_batch" } }),
    );
    expect(partial.items.map((i) => i.id)).toEqual([session.id]);
    // `q`: instance names and error texts, through the trigram-indexed search_text.
    const byName = await ok(200, s.syncSessionPageSchema, api("GET", S, "viewer", { query: { q: "API-DOWN" } }));
    expect(byName.items.map((i) => i.id)).toEqual([session.id]);
    await fails(400, "bad_request:validation", api("GET", S, "viewer", { query: { q: "x" } }));
    // `failureClass`: the run's most common class among its failed instances.
    const byClass = await ok(200, s.syncSessionPageSchema, api("GET", S, "viewer", { query: { failureClass: "network" } }));
    expect(byClass.items.map((i) => i.id)).toContain(session.id);
    expect((await ok(200, s.syncSessionPageSchema, api("GET", S, "viewer", { query: { failureClass: "auth" } }))).items).toEqual([]);
    await fails(400, "bad_request:validation", api("GET", S, "viewer", { query: { failureClass: "cosmic_rays" } }));
    await fails(400, "bad_request:validation", api("GET", S, "viewer", { query: { sort: "asc" } }));
    await fails(400, "bad_request:validation", api("GET", S, "viewer", { query: { limit: 0 } }));
    await fails(400, "bad_request:cursor", api("GET", S, "viewer", { query: { cursor: "bm90IGEgY3Vyc29y" } }));

    // Ended: cancel and terminate are 409.
    await fails(409, "conflict:sync_session", api("POST", `${S}/{id}/cancel`, "ops", { params: { id: session.id } }));
    await fails(409, "conflict:sync_session", api("DELETE", `${S}/{id}`, "ops", { params: { id: session.id } }));
    for (const [method, path] of [
      ["POST", `${S}/{id}/cancel`],
      ["DELETE", `${S}/{id}`],
    ] as const) {
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
    expect(await ok(200, s.syncSessionSchema, api("DELETE", `${S}/{id}`, "ops", { params: { id: resync.id } }))).toMatchObject({
      status: "cancelled",
    });
    await fails(409, "conflict:sync_session", api("POST", `${S}/{id}/cancel`, "ops", { params: { id: resync.id } }));

    // Keyset pagination over everything above.
    const first = await ok(200, s.syncSessionPageSchema, api("GET", S, "viewer", { query: { limit: 2, type: "manual_batch" } }));
    expect(first.items).toHaveLength(2);
    const rest = await ok(
      200,
      s.syncSessionPageSchema,
      api("GET", S, "viewer", { query: { limit: 2, type: "manual_batch", cursor: first.nextCursor! } }),
    );
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((i) => i.id).sort()).toEqual([session.id, retry.id, resync.id].sort());
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await ok(200, s.syncSessionPageSchema, api("GET", S, "ops", { query: { from: today, to: today, status: "cancelled" } }))).items,
    ).toHaveLength(2);
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
    await fails(400, "bad_request:validation", api("GET", B, "viewer", { query: { q: "\u0007bell" } }));
  });

  it("search: one term across sessions, records, bindings and live sessions; live sessions take `q` too", async () => {
    const { store } = g.pair(0);
    const found = await ok(200, s.searchResultsSchema, api("GET", "/api/v1/search", "viewer", { query: { q: store.name.toUpperCase() } }));
    expect(found.bindings.items.map((b) => b.id)).toEqual([bindingId]);
    expect(found.liveSessions.items.map((l) => l.id)).toEqual([liveSessionId]);
    expect(found.sessions.items).toEqual([]);
    const runs = await ok(200, s.searchResultsSchema, api("GET", "/api/v1/search", "ops", { query: { q: "api-down", limit: 1 } }));
    expect(runs.sessions).toMatchObject({ items: [expect.anything()], more: true });
    expect(runs.instanceRecords.items[0]).toMatchObject({ instanceName: "api-down" });
    await fails(400, "bad_request:validation", api("GET", "/api/v1/search", "viewer", { query: { q: "a" } }));
    await fails(400, "bad_request:validation", api("GET", "/api/v1/search", "viewer", { query: { q: "abc", page: 2 } }));

    const L = "/api/v1/live-sessions";
    const live = await ok(200, s.liveSessionListSchema, api("GET", L, "viewer", { query: { q: store.externalId } }));
    expect(live.items.map((l) => l.id)).toEqual([liveSessionId]);
    await fails(400, "bad_request:validation", api("GET", L, "viewer", { query: { q: "tab\there" } }));
  });

  it("live sessions: optimistic locking (412), intervals, auto-sync, logs and store data", async () => {
    const L = "/api/v1/live-sessions";
    const id = liveSessionId;
    const list = await ok(200, s.liveSessionListSchema, api("GET", L, "viewer"));
    expect(list.items.find((l) => l.id === id)).toMatchObject({
      bindingId,
      streams: expect.any(Array),
      failureClass: null,
      errorSince: null,
    });
    // `failureClass` lists only sessions in error with that class; this one is healthy.
    expect(
      (await ok(200, s.liveSessionListSchema, api("GET", L, "viewer", { query: { failureClass: "network" } }))).items.map((l) => l.id),
    ).not.toContain(id);
    await fails(400, "bad_request:validation", api("GET", L, "viewer", { query: { failureClass: "sunspots" } }));
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
    await fails(
      412,
      "precondition_failed:live_session",
      api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals }, headers: { "if-match": `"${before.version + 5}"` } }),
    );
    await fails(
      412,
      "precondition_failed:live_session",
      api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals, expectedVersion: before.version + 5 } }),
    );
    const patched = await ok(
      200,
      s.liveSessionSchema,
      api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals }, headers: { "if-match": `"${before.version}"` } }),
    );
    expect(patched).toMatchObject({ intervals, version: before.version + 1 });
    await fails(
      412,
      "precondition_failed:live_session",
      api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { intervals: { battles: 2 }, expectedVersion: before.version } }),
    );

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
    const older = await ok(
      200,
      s.syncLogPageSchema,
      api("GET", `${L}/{id}/logs`, "viewer", { params: { id }, query: { before: logs.nextBefore!, stream: "battles" } }),
    );
    const boundary = logs.items.at(-1)!;
    expect(boundary.id).toBe(logs.nextBefore);
    // Newest first by start: every older row started before the boundary row (or at the same moment, with a smaller id).
    expect(
      older.items.every(
        (l) => l.stream === "battles" && (l.startedAt < boundary.startedAt || (l.startedAt === boundary.startedAt && l.id < boundary.id)),
      ),
    ).toBe(true);
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
    await fails(
      412,
      "precondition_failed:live_session",
      api("PUT", A, "ops", { params: { id }, body: { enabled: false, expectedVersion: now.version - 1 } }),
    );
    const stopped = await ok(
      200,
      s.liveSessionSchema,
      api("PUT", A, "ops", { params: { id }, body: { enabled: false, expectedVersion: now.version } }),
    );
    expect(stopped).toMatchObject({ autoSyncEnabled: false, tickChain: null });
    expect((await ok(200, s.liveSessionSchema, api("PUT", A, "ops", { params: { id }, body: { enabled: true } }))).autoSyncEnabled).toBe(
      true,
    );

    // Deactivate; auto-sync cannot start an inactive session (409); restart brings it back.
    expect((await ok(200, s.liveSessionSchema, api("PATCH", `${L}/{id}`, "ops", { params: { id }, body: { active: false } }))).state).toBe(
      "inactive",
    );
    await fails(409, "conflict:live_session", api("PUT", A, "ops", { params: { id }, body: { enabled: true } }));
    const P = `${L}/{id}/restart`;
    await fails(403, "forbidden:live_session", api("POST", P, "viewer", { params: { id } }));
    await fails(404, "not_found:live_session", api("POST", P, "ops", { params: { id: missing() } }));
    await fails(400, "bad_request:validation", api("POST", P, "ops", { params: { id: "not-a-uuid" } }));
    expect(await ok(200, s.liveSessionSchema, api("POST", P, "ops", { params: { id } }))).toMatchObject({
      state: "active",
      autoSyncEnabled: true,
      errorMsg: null,
    });
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
    await fails(
      409,
      "conflict:live_session",
      api("PATCH", "/api/v1/live-sessions/{id}", "ops", { params: { id: liveSessionId }, body: { active: true } }),
    );
    const list = await ok(200, s.bindingListSchema, api("GET", "/api/v1/bindings", "viewer", { query: { status: "inactive" } }));
    expect(list.items[0]).toMatchObject({ id: bindingId, state: "inactive", unboundAt: expect.any(String) });
    const one = await ok(200, s.bindingListItemSchema, api("GET", U, "viewer", { params: { id: bindingId } }));
    expect(one).toEqual(list.items[0]);
    await fails(404, "not_found:binding", api("GET", U, "ops", { params: { id: missing() } }));
    await fails(404, "not_found:binding", api("GET", U, "ops", { params: { id: "not-a-uuid" } }));
  });

  it("analytics: every timeframe and metric, filters, and 400 for anything else", async () => {
    const N = "/api/v1/analytics/sessions";
    const day = await ok(200, sessionAnalyticsSchema, api("GET", N, "viewer"));
    expect(day).toMatchObject({ timeframe: "24h", bucket: "1h", source: "rollups", metric: "all" });
    // The three manual batches above finished (one partial, two cancelled).
    expect(day.totals).toMatchObject({ runs: 3, partial: 1, cancelled: 2, completed: 0 });
    const hour = await ok(
      200,
      sessionAnalyticsSchema,
      api("GET", N, "ops", { query: { timeframe: "1h", type: "manual_batch", category: "account" } }),
    );
    expect(hour).toMatchObject({ bucket: "5m", source: "sessions", totals: { runs: 3 } });
    for (const timeframe of ["7d", "30d"]) {
      for (const metric of ["count", "success_rate", "duration", "items"])
        await ok(200, sessionAnalyticsSchema, api("GET", N, "viewer", { query: { timeframe, metric } }));
    }
    expect((await ok(200, sessionAnalyticsSchema, api("GET", N, "viewer", { query: { type: "scheduled" } }))).totals.runs).toBe(0);
    await fails(400, "bad_request:validation", api("GET", N, "viewer", { query: { timeframe: "90d" } }));
    await fails(400, "bad_request:validation", api("GET", N, "viewer", { query: { metric: "p99" } }));
    await fails(400, "bad_request:validation", api("GET", N, "viewer", { query: { group: "hour" } }));
  });

  it("statistics for every timeframe and a category; 400 for anything else", async () => {
    const T = "/api/v1/statistics";
    const week = await ok(200, s.statisticsSchema, api("GET", T, "viewer"));
    expect(week).toMatchObject({ timeframe: "7d", bucket: "day", category: null });
    expect(week.totals.runs).toBeGreaterThanOrEqual(3);
    expect(week.topFailingInstances.map((f) => f.instanceId)).toContain(downInstance.id);
    expect(week.durations.length).toBeGreaterThan(0);
    expect(week.failureClasses.find((c) => c.failureClass === "network")).toMatchObject({
      sessions: expect.any(Number),
      records: expect.any(Number),
    });
    expect(week.failureClasses.find((c) => c.failureClass === "network")!.records).toBeGreaterThanOrEqual(1);
    for (const timeframe of ["24h", "30d"])
      await ok(200, s.statisticsSchema, api("GET", T, "ops", { query: { timeframe, category: "account" } }));
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
    const created = await ok(
      201,
      s.createdApiTokenSchema,
      api("POST", K, "admin", { body: { name: "ci", role: "viewer", expiresInDays: 7 } }),
    );
    expect(created.expiresAt).not.toBeNull();
    const list = await ok(200, s.apiTokenListSchema, api("GET", K, "admin"));
    expect(list.items.map((i) => i.name)).toEqual(expect.arrayContaining(["ci", "api-test-ops", "api-test-viewer"]));
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect(
      (await ok(200, s.auditPageSchema, api("GET", "/api/v1/audit", { bearer: created.token }, { query: { limit: 1 } }))).items,
    ).toHaveLength(1);

    await fails(400, "bad_request:validation", api("DELETE", `${K}/{id}`, "admin", { params: { id: "not-a-uuid" } }));
    const revoked = await ok(200, s.revokedApiTokenSchema, api("DELETE", `${K}/{id}`, "admin", { params: { id: created.id } }));
    expect(revoked.id).toBe(created.id);
    await fails(404, "not_found:api_token", api("DELETE", `${K}/{id}`, "admin", { params: { id: created.id } }));
    await fails(401, "unauthorized:api_token", api("GET", "/api/v1/audit", { bearer: created.token }));
  });

  it("alert rules: super admins create, change (412 on a stale version), mute, test and delete; URL and secret never come back", async () => {
    const R = "/api/v1/alert-rules";
    const url = "http://127.0.0.1:9/hooks/SECRETPATHxyz?key=qsecret";
    const secret = "api-test-signing-secret";
    const body = {
      name: "api-alert",
      scope: "instance",
      scopeRef: pgInstance.id,
      condition: "run_failed",
      destination: "webhook",
      url,
      signingSecret: secret,
    };
    for (const who of ["ops", "viewer"] as const) await fails(403, "forbidden:alert_rule", api("POST", R, who, { body }));
    await fails(400, "bad_request:validation", api("POST", R, "admin", { body: { ...body, url: "ftp://127.0.0.1/x" } }));
    await fails(400, "bad_request:alert_rule", api("POST", R, "admin", { body: { ...body, scope: "binding" } }));
    await fails(400, "bad_request:json", api("POST", R, "admin", { body: "{" }));
    const rule = await ok(201, s.alertRuleSchema, api("POST", R, "admin", { body }));
    expect(rule).toMatchObject({
      scopeName: "api-pg",
      destinationHost: "127.0.0.1:9",
      hasSigningSecret: true,
      version: 1,
      mutedUntil: null,
    });
    const id = rule.id;
    const list = await ok(200, s.alertRuleListSchema, api("GET", R, "viewer"));
    expect(list.items.map((i) => i.id)).toContain(id);
    expect(await ok(200, s.alertRuleSchema, api("GET", `${R}/{id}`, "ops", { params: { id } }))).toEqual(rule);
    await fails(404, "not_found:alert_rule", api("GET", `${R}/{id}`, "viewer", { params: { id: missing() } }));

    const put = { name: "api-alert-2", threshold: null };
    await fails(403, "forbidden:alert_rule", api("PUT", `${R}/{id}`, "ops", { params: { id }, body: put, headers: { "if-match": '"1"' } }));
    await fails(400, "bad_request:alert_rule", api("PUT", `${R}/{id}`, "admin", { params: { id }, body: put }));
    await fails(
      400,
      "bad_request:validation",
      api("PUT", `${R}/{id}`, "admin", { params: { id }, body: { ...put, colour: "red" }, headers: { "if-match": '"1"' } }),
    );
    await fails(
      404,
      "not_found:alert_rule",
      api("PUT", `${R}/{id}`, "admin", { params: { id: missing() }, body: put, headers: { "if-match": '"1"' } }),
    );
    await fails(
      412,
      "precondition_failed:alert_rule",
      api("PUT", `${R}/{id}`, "admin", { params: { id }, body: put, headers: { "if-match": '"7"' } }),
    );
    const changed = await ok(
      200,
      s.alertRuleSchema,
      api("PUT", `${R}/{id}`, "admin", { params: { id }, body: { ...put, expectedVersion: 1 } }),
    );
    expect(changed).toMatchObject({ name: "api-alert-2", version: 2, hasSigningSecret: true, destinationHost: "127.0.0.1:9" });

    const M = `${R}/{id}/mute`;
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await fails(403, "forbidden:alert_rule", api("POST", M, "viewer", { params: { id }, body: { until } }));
    await fails(
      400,
      "bad_request:alert_rule",
      api("POST", M, "admin", { params: { id }, body: { until: new Date(Date.now() - 60_000).toISOString() } }),
    );
    await fails(404, "not_found:alert_rule", api("POST", M, "admin", { params: { id: missing() }, body: { until } }));
    expect((await ok(200, s.alertRuleSchema, api("POST", M, "admin", { params: { id }, body: { until } }))).mutedUntil).toBe(until);
    await fails(403, "forbidden:alert_rule", api("DELETE", M, "ops", { params: { id } }));
    await fails(400, "bad_request:validation", api("DELETE", M, "admin", { params: { id: "not-a-uuid" } }));
    await fails(404, "not_found:alert_rule", api("DELETE", M, "admin", { params: { id: missing() } }));
    expect((await ok(200, s.alertRuleSchema, api("DELETE", M, "admin", { params: { id } }))).mutedUntil).toBeNull();

    const T = `${R}/{id}/test`;
    await fails(403, "forbidden:alert_rule", api("POST", T, "ops", { params: { id } }));
    await fails(400, "bad_request:body", api("POST", T, "admin", { params: { id }, body: { sample: true } }));
    await fails(404, "not_found:alert_rule", api("POST", T, "admin", { params: { id: missing() } }));
    const test = await ok(201, s.alertDeliverySchema, api("POST", T, "admin", { params: { id } }));
    expect(test).toMatchObject({ ruleId: id, status: "pending", isTest: true, attempts: 0 });
    const D = "/api/v1/alert-deliveries";
    const deliveries = await ok(200, s.alertDeliveryListSchema, api("GET", D, "viewer", { query: { ruleId: id, status: "pending" } }));
    expect(deliveries.items.map((d) => d.id)).toEqual([test.id]);
    await fails(400, "bad_request:validation", api("GET", D, "viewer", { query: { ruleId: "nope" } }));
    await fails(400, "bad_request:validation", api("GET", D, "viewer", { query: { page: 2 } }));
    const everything = JSON.stringify([list, changed, deliveries, await ok(200, s.alertRuleListSchema, api("GET", R, "admin"))]);
    for (const leak of ["SECRETPATHxyz", "qsecret", secret]) expect(everything).not.toContain(leak);

    await fails(403, "forbidden:alert_rule", api("DELETE", `${R}/{id}`, "viewer", { params: { id } }));
    await fails(400, "bad_request:body", api("DELETE", `${R}/{id}`, "admin", { params: { id }, body: { force: true } }));
    await fails(
      412,
      "precondition_failed:alert_rule",
      api("DELETE", `${R}/{id}`, "admin", { params: { id }, headers: { "if-match": '"1"' } }),
    );
    expect(
      (await ok(200, s.alertRuleSchema, api("DELETE", `${R}/{id}`, "admin", { params: { id }, headers: { "if-match": '"2"' } }))).id,
    ).toBe(id);
    await fails(404, "not_found:alert_rule", api("DELETE", `${R}/{id}`, "admin", { params: { id } }));
  });

  it("bulk operations: start by filter or ids (ops), idempotency key, progress and the recent list; viewers may only read", async () => {
    const B = "/api/v1/bulk-operations";
    const body = { action: "cancel_sessions", filter: { status: "running", category: "account" } };
    await fails(403, "forbidden:bulk_operation", api("POST", B, "viewer", { body }));
    await fails(400, "bad_request:validation", api("POST", B, "ops", { body: { ...body, ids: [missing()] } }));
    await fails(
      400,
      "bad_request:validation",
      api("POST", B, "ops", { body: { action: "stop_auto_sync", filter: { status: "running" } } }),
    );
    const key = { "idempotency-key": `api-bulk-${randomUUID()}` };
    const first = await ok(201, s.bulkOperationSchema, api("POST", B, "ops", { body, headers: key }));
    expect(first).toMatchObject({ action: "cancel_sessions", selection: { filter: body.filter }, idempotencyKey: key["idempotency-key"] });
    const again = await ok(200, s.bulkOperationSchema, api("POST", B, "ops", { body, headers: key }));
    expect(again.id).toBe(first.id);
    await fails(
      409,
      "conflict:bulk_operation",
      api("POST", B, "ops", { body: { action: "retry_failed_sessions", filter: {} }, headers: key }),
    );
    const live = await ok(
      201,
      s.bulkOperationSchema,
      api("POST", B, "admin", { body: { action: "start_auto_sync", ids: [liveSessionId] } }),
    );
    expect(live).toMatchObject({ total: 1, selection: { ids: [liveSessionId] } });

    const one = await ok(200, s.bulkOperationSchema, api("GET", `${B}/{id}`, "viewer", { params: { id: first.id } }));
    expect(one.id).toBe(first.id);
    await fails(404, "not_found:bulk_operation", api("GET", `${B}/{id}`, "viewer", { params: { id: missing() } }));
    const recent = await ok(200, s.bulkOperationListSchema, api("GET", B, "viewer", { query: { limit: 5 } }));
    expect(recent.items.map((o) => o.id)).toEqual([live.id, first.id]);
    await fails(400, "bad_request:validation", api("GET", B, "viewer", { query: { limit: 0 } }));
  });

  it("synced data: accounts (instance and fleet, filters), an account's timeline, capacity, settings, runs and changes; 400 on bad filters", async () => {
    const inst = await makePostgresInstance(t.db, t.url, "synced-data-api");
    const [session] = await t.db
      .insert(syncSessions)
      .values({ syncType: "manual_batch", syncCategory: "account", totalInstances: 1, status: "completed" })
      .returning({ id: syncSessions.id });
    const [record] = await t.db
      .insert(instanceRecords)
      .values({ syncSessionId: session!.id, instanceId: inst.id, instanceName: inst.name, status: "completed" })
      .returning({ id: instanceRecords.id });
    const base = {
      canLogin: true,
      superuser: false,
      createDb: false,
      createRole: false,
      replication: false,
      connectionLimit: -1,
      validUntil: null,
      memberOf: [],
    };
    await applyAccountSnapshot(
      t.db,
      inst.id,
      [
        {
          ...base,
          name: "api_owner",
          superuser: true,
          privileges: { databases: { appdb: ["CONNECT", "CREATE"] }, schemas: {}, bypassRls: false, inherit: true, adminOf: [] },
        },
        {
          ...base,
          name: "api_reader",
          validUntil: "infinity",
          privileges: { databases: { appdb: ["CONNECT"] }, schemas: { app: ["USAGE"] }, bypassRls: false, inherit: true, adminOf: [] },
        },
      ],
      { recordId: record!.id },
    );
    await applyCapacitySnapshot(t.db, inst.id, record!.id, [{ databaseName: "appdb", bytes: 8_000_000 }]);
    await applyConfigSnapshot(t.db, inst.id, [{ name: "work_mem", value: "4096", unit: "kB", source: "default" }], {
      recordId: record!.id,
    });

    const I = "/api/v1/instances/{id}/accounts";
    const mine = await ok(200, s.accountPageSchema, api("GET", I, "viewer", { params: { id: inst.id } }));
    expect(mine.items.map((a) => a.name)).toEqual(["api_owner", "api_reader"]);
    expect(mine.items[1]).toMatchObject({ kind: "user", validUntil: "infinity", superuser: false });
    const paged = await ok(200, s.accountPageSchema, api("GET", I, "viewer", { params: { id: inst.id }, query: { limit: 1 } }));
    expect(paged.items).toHaveLength(1);
    const next = await ok(
      200,
      s.accountPageSchema,
      api("GET", I, "viewer", { params: { id: inst.id }, query: { limit: 1, cursor: paged.nextCursor! } }),
    );
    expect(next.items.map((a) => a.name)).toEqual(["api_reader"]);
    await fails(404, "not_found:instance", api("GET", I, "viewer", { params: { id: missing() } }));
    await fails(400, "bad_request:", api("GET", I, "viewer", { params: { id: inst.id }, query: { cursor: "garbage" } }));

    const F = "/api/v1/accounts";
    const supers = await ok(200, s.accountPageSchema, api("GET", F, "ops", { query: { superuser: "true", instanceId: inst.id } }));
    expect(supers.items.map((a) => a.name)).toEqual(["api_owner"]);
    const creators = await ok(200, s.accountPageSchema, api("GET", F, "viewer", { query: { privilege: "create", on: "appdb" } }));
    expect(creators.items.map((a) => a.name)).toEqual(["api_owner"]);
    const recent = await ok(
      200,
      s.accountPageSchema,
      api("GET", F, "viewer", { query: { changedSince: new Date(Date.now() - 60_000).toISOString(), q: "api_" } }),
    );
    expect(recent.items).toHaveLength(2);
    await fails(400, "bad_request:validation", api("GET", F, "viewer", { query: { superuser: "yes" } }));
    await fails(400, "bad_request:validation", api("GET", F, "viewer", { query: { on: "appdb" } }));
    await fails(400, "bad_request:validation", api("GET", F, "viewer", { query: { changedSince: "yesterday" } }));
    await fails(400, "bad_request:validation", api("GET", F, "viewer", { query: { instanceId: "nope" } }));

    const detail = await ok(
      200,
      s.accountDetailSchema,
      api("GET", "/api/v1/accounts/{id}", "viewer", { params: { id: supers.items[0]!.id } }),
    );
    expect(detail.timeline.map((c) => [c.change, c.attributes.map((a) => a.name).sort()])).toEqual([
      ["created", ["canLogin", "databases", "inherit", "superuser"]],
    ]);
    await fails(404, "not_found:account", api("GET", "/api/v1/accounts/{id}", "viewer", { params: { id: missing() } }));

    const cap = await ok(200, s.capacitySchema, api("GET", "/api/v1/instances/{id}/capacity", "viewer", { params: { id: inst.id } }));
    expect(cap.databases).toMatchObject([{ databaseName: "appdb", latestBytes: 8_000_000, growthBytesPerDay: null }]);
    await fails(
      400,
      "bad_request:validation",
      api("GET", "/api/v1/instances/{id}/capacity", "viewer", {
        params: { id: inst.id },
        query: { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" },
      }),
    );
    await fails(404, "not_found:instance", api("GET", "/api/v1/instances/{id}/capacity", "viewer", { params: { id: missing() } }));

    const S = "/api/v1/instances/{id}/settings";
    const settings = await ok(200, s.settingPageSchema, api("GET", S, "viewer", { params: { id: inst.id }, query: { q: "work" } }));
    expect(settings.items).toMatchObject([{ name: "work_mem", value: "4096", unit: "kB", source: "default" }]);
    await fails(400, "bad_request:validation", api("GET", S, "viewer", { params: { id: inst.id }, query: { limit: 0 } }));
    await fails(404, "not_found:instance", api("GET", S, "viewer", { params: { id: missing() } }));

    const R = "/api/v1/instances/{id}/runs";
    const runs = await ok(200, s.instanceRunPageSchema, api("GET", R, "viewer", { params: { id: inst.id } }));
    expect(runs.items.map((r) => r.id)).toContain(record!.id);
    await fails(400, "bad_request:", api("GET", R, "viewer", { params: { id: inst.id }, query: { limit: "x" } }));
    await fails(404, "not_found:instance", api("GET", R, "viewer", { params: { id: missing() } }));

    const RC = "/api/v1/instance-records/{id}/changes";
    const all = await ok(200, s.syncedChangePageSchema, api("GET", RC, "viewer", { params: { id: record!.id } }));
    expect(all.items.map((c) => `${c.kind}:${c.item}:${c.change}`).sort()).toEqual(
      ["account:api_owner:created", "account:api_reader:created", "database:appdb:created", "setting:work_mem:created"].sort(),
    );
    const onlyDb = await ok(
      200,
      s.syncedChangePageSchema,
      api("GET", RC, "viewer", { params: { id: record!.id }, query: { kind: "database" } }),
    );
    expect(onlyDb.items).toHaveLength(1);
    await fails(400, "bad_request:validation", api("GET", RC, "viewer", { params: { id: record!.id }, query: { change: "renamed" } }));
    await fails(404, "not_found:instance_record", api("GET", RC, "viewer", { params: { id: missing() } }));

    const SC = "/api/v1/sessions/{id}/changes";
    const firstPage = await ok(
      200,
      s.syncedChangePageSchema,
      api("GET", SC, "viewer", { params: { id: session!.id }, query: { limit: 3 } }),
    );
    const secondPage = await ok(
      200,
      s.syncedChangePageSchema,
      api("GET", SC, "viewer", { params: { id: session!.id }, query: { limit: 3, cursor: firstPage.nextCursor! } }),
    );
    expect([...firstPage.items, ...secondPage.items]).toHaveLength(4);
    expect(secondPage.nextCursor).toBeNull();
    await fails(400, "bad_request:validation", api("GET", SC, "viewer", { params: { id: session!.id }, query: { kind: "table" } }));
    await fails(404, "not_found:sync_session", api("GET", SC, "viewer", { params: { id: missing() } }));
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
        "api_token.create",
        "api_token.revoke",
        "instance.create",
        "instance.enable",
        "instance.disable",
        "instance.update",
        "instance.test",
        "sync_session.start",
        "sync_session.cancel",
        "sync_session.update",
        "sync_session.retry_failed",
        "sync_session.resync_instance",
        "binding.create",
        "binding.unbind",
        "live_session.update_intervals",
        "live_session.stop_auto_sync",
        "live_session.start_auto_sync",
        "live_session.deactivate",
        "live_session.restart",
        "schedule.update",
        "alert_rule.create",
        "alert_rule.update",
        "alert_rule.mute",
        "alert_rule.unmute",
        "alert_rule.test",
        "alert_rule.delete",
        "bulk_operation.cancel_sessions",
        "bulk_operation.start_auto_sync",
      ]),
    );
    expect(all.some((e) => e.actorType === "api_token" && e.actorLabel === "token:api-test-ops")).toBe(true);
    await fails(400, "bad_request:validation", api("GET", A, "viewer", { query: { before: -1 } }));
    await fails(400, "bad_request:validation", api("GET", A, "viewer", { query: { user: "me" } }));
    // Filters narrow on the server; the export answers the same rows as CSV, a header line first.
    const cancels = await ok(200, s.auditPageSchema, api("GET", A, "viewer", { query: { action: "sync_session.cancel", limit: 200 } }));
    expect(cancels.items.length).toBe(all.filter((e) => e.action === "sync_session.cancel").length);
    await fails(400, "bad_request:validation", api("GET", A, "viewer", { query: { from: "yesterday" } }));
    const E = "/api/v1/audit/export";
    const csv = (await api("GET", E, "ops", { query: { action: "sync_session.cancel" } })).body as string;
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,created_at,actor_type,actor_id,actor,action,target_type,target_id,details");
    expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(cancels.items.map((e) => e.id));
    await fails(400, "bad_request:validation", api("GET", E, "viewer", { query: { limit: 5 } }));
  });

  it("instances: delete (runs kept, 409 while in use), a game server's directory and an account's token", async () => {
    const I = "/api/v1/instances/{id}";
    const doomed = await makePostgresInstance(t.db, t.url, `api-doomed-${randomUUID().slice(0, 6)}`);
    const [run] = await t.db
      .insert(syncSessions)
      .values({ syncType: "manual_batch", syncCategory: "account", status: "running" })
      .returning();
    await t.db.insert(instanceRecords).values({ syncSessionId: run!.id, instanceId: doomed.id, status: "running" });
    await fails(403, "forbidden:instance", api("DELETE", I, "ops", { params: { id: doomed.id } }));
    await fails(400, "bad_request:validation", api("DELETE", I, "admin", { params: { id: "not-a-uuid" } }));
    await fails(404, "not_found:instance", api("DELETE", I, "admin", { params: { id: missing() } }));
    await fails(409, "conflict:instance", api("DELETE", I, "admin", { params: { id: doomed.id } }));
    await t.db.update(syncSessions).set({ status: "completed" }).where(eq(syncSessions.id, run!.id));
    const gone = await ok(200, s.instanceDeletedSchema, api("DELETE", I, "admin", { params: { id: doomed.id } }));
    expect(gone).toEqual({ id: doomed.id, name: doomed.name, deleted: true, recordsKept: 1 });
    await fails(404, "not_found:instance", api("GET", I, "viewer", { params: { id: doomed.id } }));

    const D = "/api/v1/instances/{id}/directory";
    await fails(403, "forbidden:instance", api("POST", D, "ops", { params: { id: g.instance.id } }));
    await fails(400, "bad_request:instance", api("POST", D, "admin", { params: { id: pgInstance.id } }));
    await fails(404, "not_found:instance", api("POST", D, "admin", { params: { id: missing() } }));
    const refreshed = await ok(200, s.directoryRefreshedSchema, api("POST", D, "admin", { params: { id: g.instance.id } }));
    expect(refreshed.accounts).toBe(g.server.directory.accounts.length);
    const [unreachable] = await t.db
      .insert(instances)
      .values({
        name: `api-game-down-${randomUUID().slice(0, 6)}`,
        kind: "game_server",
        secretCiphertext: encryptSecret(JSON.stringify({ baseUrl: "http://127.0.0.1:1", operatorToken: "op" })),
        endpoint: "127.0.0.1:1",
      })
      .returning();
    await fails(503, "unavailable:instance", api("POST", D, "admin", { params: { id: unreachable!.id } }));

    const T = "/api/v1/game-accounts/{id}/token";
    const demo = g.server.directory.accounts[0]!;
    const [account] = await t.db.select().from(gameAccounts).where(eq(gameAccounts.externalId, demo.id));
    await fails(403, "forbidden:instance", api("PUT", T, "ops", { params: { id: account!.id }, body: { token: demo.token } }));
    await fails(400, "bad_request:validation", api("PUT", T, "admin", { params: { id: account!.id }, body: { token: "" } }));
    await fails(404, "not_found:game_account", api("PUT", T, "admin", { params: { id: missing() }, body: { token: "x" } }));
    const set = await ok(
      200,
      s.gameAccountTokenSetSchema,
      api("PUT", T, "admin", { params: { id: account!.id }, body: { token: demo.token } }),
    );
    expect(JSON.stringify(set)).not.toContain(demo.token);
  });

  it("refuses a cookie-authenticated mutation from another site (403) or with a non-JSON body (415); tests/csrf.test.ts has the full matrix", async () => {
    for (const op of documentOperations(doc).filter((o) => o.authenticated && o.method !== "GET")) {
      const params = op.template.includes("{id}") ? { id: missing() } : undefined;
      await fails(
        403,
        "forbidden:cross_site",
        api(op.method, op.template, "admin", { params, headers: { origin: "http://evil.example" } }),
      );
      await fails(
        415,
        "unsupported_media_type:",
        api(op.method, op.template, "admin", { params, headers: { "content-type": "text/plain" } }),
      );
    }
  });

  it("has exercised every operation of the document with a success and every documented error status", () => {
    const missingSuccess = documentOperations(doc)
      .filter((op) => ![...(seen.get(`${op.method} ${op.template}`) ?? [])].some((st) => st >= 200 && st < 300))
      .map((op) => `${op.method} ${op.template}`);
    expect(missingSuccess).toEqual([]);
    // Every error status the document lists was produced by some call above (500 aside).
    const unexercised = documentOperations(doc).flatMap((op) =>
      op.statuses
        .filter((st) => st !== "500" && !seen.get(`${op.method} ${op.template}`)?.has(Number(st)))
        .map((st) => `${op.method} ${op.template} ${st}`),
    );
    expect(unexercised).toEqual([]);
  });
});
