/**
 * CSRF: every mutating route handler under app/api/v1 (discovered from the source tree), called with
 * a super admin's session cookie the way a foreign page could make the browser call it — a foreign
 * Origin, a sibling port of the same host (same site: SameSite=Lax does not help), `Origin: null`, no
 * Origin with `Sec-Fetch-Site: same-site`/`cross-site`, a text/plain body, a form body, a JSON body
 * without a Content-Type — is refused (403 or 415, nothing stored), while the same requests with a
 * bearer token pass the guard. better-auth's own /api/auth endpoints refuse a foreign Origin too.
 */
import { randomUUID } from "node:crypto";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncSessions } from "@/db/schema";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { createApiToken } from "@/lib/api-tokens/create";
import { signedInUser, setUpAppDatabase } from "./helpers/app";
import type { RouteModule } from "./helpers/api";
import type { useTestDatabase } from "./helpers/db";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { fromSchema, snapshotTables } from "./helpers/fuzz";
import { MUTATING, routeHandlers } from "./helpers/fuzz-surface";

const OWN = "http://localhost:3000";
const TRUSTED = "https://console.example.test";

type Attack = { name: string; headers: Record<string, string>; body: "json" | "text" | "form" | "untyped"; status: 403 | 415 };

/** What a page on another origin can make a browser send (with the cookie attached). */
const ATTACKS: Attack[] = [
  { name: "foreign Origin", headers: { origin: "http://evil.example" }, body: "json", status: 403 },
  { name: "foreign Origin, text/plain", headers: { origin: "http://evil.example" }, body: "text", status: 403 },
  {
    name: "sibling port (same site)",
    headers: { origin: "http://localhost:3999", "sec-fetch-site": "same-site" },
    body: "json",
    status: 403,
  },
  { name: "Origin null, form body", headers: { origin: "null" }, body: "form", status: 403 },
  { name: "Origin null", headers: { origin: "null" }, body: "json", status: 403 },
  {
    name: "no Origin, Sec-Fetch-Site same-site",
    headers: { "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors" },
    body: "text",
    status: 403,
  },
  {
    name: "no Origin, Sec-Fetch-Site cross-site",
    headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" },
    body: "json",
    status: 403,
  },
  { name: "no Origin, Sec-Fetch-Mode only", headers: { "sec-fetch-mode": "no-cors" }, body: "json", status: 403 },
  { name: "own Origin, text/plain", headers: { origin: OWN }, body: "text", status: 415 },
  { name: "own Origin, form body", headers: { origin: OWN }, body: "form", status: 415 },
  { name: "own Origin, no Content-Type", headers: { origin: OWN }, body: "untyped", status: 415 },
  { name: "no Origin (non-browser), text/plain", headers: {}, body: "text", status: 415 },
];

/** What the app's own pages, trusted origins and non-browser clients send: past the guard. */
const FRIENDS: { name: string; headers: Record<string, string> }[] = [
  { name: "own Origin", headers: { origin: OWN, "sec-fetch-site": "same-origin" } },
  { name: "Origin of the Host header", headers: { origin: "http://10.0.0.5:8080", host: "10.0.0.5:8080" } },
  { name: "trusted origin", headers: { origin: TRUSTED, "sec-fetch-site": "cross-site" } },
  { name: "no Origin, Sec-Fetch-Site same-origin", headers: { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" } },
  { name: "non-browser client (no Origin, no Sec-Fetch-*)", headers: {} },
];

describe("CSRF: cookie-authenticated mutations only from the app's own pages", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let cookie = "";
  let bearer = "";
  let instanceId = "";
  const doc = buildOpenApiDocument();
  const defs = doc.components.schemas as Record<string, Record<string, unknown>>;
  const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
  addFormats(ajv);
  const refs = routeHandlers(["api/v1"]).filter((r) => MUTATING.includes(r.method));
  const previousTrusted = process.env.SYNCDECK_TRUSTED_ORIGINS;

  beforeAll(async () => {
    process.env.SYNCDECK_TRUSTED_ORIGINS = `${TRUSTED}, https://other.example.test`;
    t = await setUpAppDatabase("csrf");
    cookie = (await signedInUser(t.db, "super_admin", "Csrf Admin")).cookie;
    const admin = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    bearer = (await createApiToken({ ctx: admin, input: { name: "csrf-ops", role: "ops" } })).token;
    instanceId = (await makePostgresInstance(t.db, "postgres://csrf:pw@127.0.0.1:1/nowhere")).id;
  });
  afterAll(() => {
    if (previousTrusted === undefined) delete process.env.SYNCDECK_TRUSTED_ORIGINS;
    else process.env.SYNCDECK_TRUSTED_ORIGINS = previousTrusted;
  });

  /** A body the document's schema accepts, for routes that take one (`{}` otherwise). */
  function sampleBody(name: string | undefined, seed: number): unknown {
    if (!name) return {};
    const validate = ajv.compile({
      $defs: JSON.parse(JSON.stringify(defs).replace(/#\/components\/schemas\//g, "#/$defs/")),
      $ref: `#/$defs/${name}`,
    });
    const values = fc.sample(fromSchema({ $ref: name }, { defs, idsFor: () => [randomUUID()] }), { numRuns: 200, seed });
    return values.find((v) => validate(v)) ?? {};
  }

  function encode(value: unknown, kind: Attack["body"]): { body: string; type?: string } {
    const json = JSON.stringify(value);
    if (kind === "json") return { body: json, type: "application/json" };
    if (kind === "text") return { body: json, type: "text/plain;charset=UTF-8" };
    if (kind === "untyped") return { body: json };
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>))
      form.set(k, typeof v === "string" ? v : JSON.stringify(v));
    form.set(json, "");
    return { body: form.toString(), type: "application/x-www-form-urlencoded" };
  }

  async function call(ref: (typeof refs)[number], headers: Record<string, string>, value: unknown, kind: Attack["body"]) {
    const params = Object.fromEntries([...ref.template.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, randomUUID()]));
    const pathname = ref.template.replace(/\{(\w+)\}/g, (_, k: string) => params[k]!);
    const { body, type } = encode(value, kind);
    const h = new Headers(headers);
    if (type) h.set("content-type", type);
    const mod = (await import(/* @vite-ignore */ ref.file)) as RouteModule;
    const res = await mod[ref.method]!(new Request(new URL(pathname, OWN), { method: ref.method, headers: h, body }), {
      params: Promise.resolve(params),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null };
  }

  it("refuses every cross-site shape on every mutating route with the cookie, and stores nothing", async () => {
    expect(refs.length).toBeGreaterThan(20);
    const before = await snapshotTables(t.sql, ["auth_sessions"]);
    const failures: string[] = [];
    let refused = 0;
    for (const [i, ref] of refs.entries()) {
      const value = sampleBody(ref.op?.body, i + 1);
      for (const attack of ATTACKS) {
        const res = await call(ref, { cookie, ...attack.headers }, value, attack.body);
        const code = attack.status === 403 ? "forbidden:cross_site" : "unsupported_media_type:content_type";
        if (res.status !== attack.status || res.body?.error?.code !== code)
          failures.push(`${ref.method} ${ref.template} × ${attack.name}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
        else refused++;
      }
    }
    const after = await snapshotTables(t.sql, ["auth_sessions"]);
    console.log(
      `csrf: ${refused} of ${refs.length * ATTACKS.length} cookie requests refused (${refs.length} routes × ${ATTACKS.length} shapes)`,
    );
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual([]);
  }, 120_000);

  it("the same shapes with a bearer token pass the guard (the token carries no ambient credential)", async () => {
    const failures: string[] = [];
    for (const [i, ref] of refs.entries()) {
      const value = sampleBody(ref.op?.body, i + 1);
      for (const attack of ATTACKS) {
        const res = await call(ref, { authorization: `Bearer ${bearer}`, ...attack.headers }, value, attack.body);
        if (res.status >= 500 || /^(forbidden:cross_site|unsupported_media_type:)/.test(res.body?.error?.code ?? ""))
          failures.push(`${ref.method} ${ref.template} × ${attack.name}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
  }, 120_000);

  it("the app's own origin, the Host's origin, a trusted origin, same-origin fetch metadata and non-browser clients pass with the cookie", async () => {
    const failures: string[] = [];
    for (const [i, ref] of refs.entries()) {
      const value = sampleBody(ref.op?.body, i + 1);
      for (const friend of FRIENDS) {
        const res = await call(ref, { cookie, ...friend.headers }, value, "json");
        if (res.status >= 500 || res.status === 401 || /^(forbidden:cross_site|unsupported_media_type:)/.test(res.body?.error?.code ?? ""))
          failures.push(`${ref.method} ${ref.template} × ${friend.name}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
  }, 120_000);

  it("the attack that worked — start a session from evil.example with the cookie — is refused; the app's page and a token still start one", async () => {
    const ref = refs.find((r) => r.method === "POST" && r.template === "/api/v1/sessions")!;
    const start = { category: "account", instanceIds: [instanceId] };
    const count = () => t.db.$count(syncSessions);
    const n0 = await count();
    for (const attack of ATTACKS) expect((await call(ref, { cookie, ...attack.headers }, start, attack.body)).status).toBe(attack.status);
    expect(await count()).toBe(n0);
    const own = await call(ref, { cookie, origin: OWN, "sec-fetch-site": "same-origin" }, start, "json");
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    // The instance is now held by that run: a second start is a 409, past the guard.
    const token = await call(ref, { authorization: `Bearer ${bearer}`, origin: "http://evil.example" }, start, "text");
    expect(token.body?.error?.code).toBe("conflict:instance_lock");
    expect(await count()).toBe(n0 + 1);
  });

  it("better-auth's own endpoints refuse a cookie-carrying POST from a foreign origin, or without one", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const { getAuth } = await import("@/lib/auth/server");
    const signOut = (headers: Record<string, string>) =>
      POST(
        new Request(`${OWN}/api/auth/sign-out`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json", ...headers },
          body: "{}",
        }),
      );
    for (const headers of <Record<string, string>[]>[
      { origin: "http://evil.example" },
      { origin: "null" },
      {},
      { origin: "http://localhost:3999" },
    ]) {
      const res = await signOut(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    // Still signed in: none of them ended the session.
    expect((await getAuth().api.getSession({ headers: new Headers({ cookie }) }))?.user.email).toMatch(/^csrf-admin-/);
  });
});
