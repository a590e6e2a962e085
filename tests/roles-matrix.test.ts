/**
 * The roles matrix: every mutating route handler (POST/PUT/PATCH/DELETE under app/api/v1) and every
 * server action, discovered from the source tree, × anonymous, viewer, ops and super admin sessions,
 * ops and viewer API tokens, a revoked and an expired token. The expected answer comes from the
 * README's roles table (parsed here, and checked equal to lib/auth/permissions.ts): 401 without a
 * valid identity, 403 for a role the table says no to, and otherwise a success or a 4xx about the
 * input (never 401/403, never 5xx).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { apiTokens, type Role } from "@/db/schema";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { createApiToken } from "@/lib/api-tokens/create";
import { revokeApiToken } from "@/lib/api-tokens/revoke";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { signedInUser, setUpAppDatabase } from "./helpers/app";
import type { useTestDatabase } from "./helpers/db";
import { makeCtx, makeUser } from "./helpers/factories";
import { fromSchema } from "./helpers/fuzz";
import { MUTATING, routeHandlers, serverActions } from "./helpers/fuzz-surface";
import type { RouteModule } from "./helpers/api";

const requestHeaders = { current: new Headers() };
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders.current,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {} }));

const ROLES = ["super_admin", "ops", "viewer"] as const;

/** The README's roles table: permission → roles it says yes to. */
export function readmeRoles(): Map<string, Set<Role>> {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Roles"), readme.indexOf("\n## ", readme.indexOf("## Roles") + 3));
  const rows = section.split("\n").filter((l) => l.startsWith("|"));
  const header = rows[0]!.split("|").map((c) => c.trim());
  const col = (name: string) => header.indexOf(name);
  if ([col("permission"), ...ROLES.map(col)].some((i) => i < 0)) throw new Error(`README roles table header is ${rows[0]}`);
  const out = new Map<string, Set<Role>>();
  for (const row of rows.slice(2)) {
    const cells = row.split("|").map((c) => c.trim());
    const perms = [...cells[col("permission")]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const p of perms) {
      if (out.has(p)) throw new Error(`README lists ${p} twice`);
      out.set(p, new Set(ROLES.filter((r) => /^yes\b/.test(cells[col(r)]!))));
    }
  }
  return out;
}

type Principal = "anonymous" | "viewer" | "ops" | "super_admin" | "ops token" | "viewer token" | "revoked token" | "expired token";
const PRINCIPALS: Principal[] = [
  "anonymous",
  "viewer",
  "ops",
  "super_admin",
  "ops token",
  "viewer token",
  "revoked token",
  "expired token",
];

function expected(principal: Principal, permission: Permission, table: Map<string, Set<Role>>): "401" | "403" | "allowed" {
  if (principal === "anonymous" || principal === "revoked token" || principal === "expired token") return "401";
  const role = principal.replace(" token", "") as Role;
  return table.get(permission)?.has(role) ? "allowed" : "403";
}

describe("roles matrix: every mutation × every kind of caller, as the README says", () => {
  const table = readmeRoles();
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  const headersOf = new Map<Principal, Record<string, string>>();
  const doc = buildOpenApiDocument();
  const defs = doc.components.schemas as Record<string, Record<string, unknown>>;
  const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
  addFormats(ajv);

  beforeAll(async () => {
    t = await setUpAppDatabase("roles");
    for (const role of ROLES) headersOf.set(role, { cookie: (await signedInUser(t.db, role, role)).cookie });
    headersOf.set("anonymous", {});
    const admin = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const token = async (role: "ops" | "viewer") =>
      (await createApiToken({ ctx: admin, input: { name: `matrix-${role}-${randomUUID().slice(0, 6)}`, role } })).token;
    headersOf.set("ops token", { authorization: `Bearer ${await token("ops")}` });
    headersOf.set("viewer token", { authorization: `Bearer ${await token("viewer")}` });
    const revoked = await createApiToken({ ctx: admin, input: { name: "matrix-revoked", role: "ops" } });
    await revokeApiToken({ ctx: admin, input: { tokenId: revoked.id } });
    headersOf.set("revoked token", { authorization: `Bearer ${revoked.token}` });
    const expired = await createApiToken({ ctx: admin, input: { name: "matrix-expired", role: "ops", expiresInDays: 1 } });
    await t.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(apiTokens.name, "matrix-expired"));
    headersOf.set("expired token", { authorization: `Bearer ${expired.token}` });
  });

  it("the README's roles table is lib/auth/permissions.ts", () => {
    const fromCode = Object.fromEntries(Object.entries(PERMISSIONS).map(([p, roles]) => [p, [...roles].sort()]));
    const fromReadme = Object.fromEntries([...table].map(([p, roles]) => [p, [...roles].sort()]));
    expect(fromReadme).toEqual(fromCode);
  });

  /** A request body the schema accepts (ids of nothing), so a permitted caller gets past validation to the permission check. */
  function sampleBody(schema: Record<string, unknown>, accepts: (v: unknown) => boolean, seed: number): unknown[] {
    const values = fc.sample(fromSchema(schema, { defs, idsFor: () => [randomUUID()] }), { numRuns: 200, seed });
    return [...values.filter(accepts).slice(0, 5), {}];
  }

  it("every mutating route handler and server action answers each caller as the README says", async () => {
    const mismatches: string[] = [];
    let cells = 0;
    let rows = 0;
    const isAllowedStatus = (s: number) => s < 500 && s !== 401 && s !== 403;
    const judge = (row: string, who: Principal, want: ReturnType<typeof expected>, status: number, body: unknown) => {
      cells++;
      const ok = want === "401" ? status === 401 : want === "403" ? status === 403 : isAllowedStatus(status);
      if (!ok) mismatches.push(`${row} as ${who}: expected ${want}, got ${status} ${JSON.stringify(body)?.slice(0, 200)}`);
    };

    for (const ref of routeHandlers(["api/v1"]).filter((r) => MUTATING.includes(r.method))) {
      const row = `${ref.method} ${ref.template}`;
      const permission = ref.op?.permission;
      if (!permission) {
        mismatches.push(`${row}: not in the OpenAPI registry with a permission, so it has no row in the matrix`);
        continue;
      }
      rows++;
      const mod = (await import(/* @vite-ignore */ ref.file)) as RouteModule;
      const call = async (who: Principal, body: unknown) => {
        const pathname = ref.template.replace(/\{(\w+)\}/g, () => randomUUID());
        const params = Object.fromEntries(
          [...ref.template.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, pathname.split("/")[ref.template.split("/").indexOf(m[0])]!]),
        );
        const req = new Request(new URL(pathname, "http://localhost:3000"), {
          method: ref.method,
          headers: { "content-type": "application/json", ...headersOf.get(who) },
          body: JSON.stringify(body),
        });
        const res = await mod[ref.method]!(req, { params: Promise.resolve(params) });
        return { status: res.status, body: await res.json().catch(() => null) };
      };
      // The body: one the document's schema accepts and a super admin gets past validation with.
      let body: unknown = {};
      if (ref.op!.body) {
        const validate = ajv.compile({
          $defs: JSON.parse(JSON.stringify(defs).replace(/#\/components\/schemas\//g, "#/$defs/")),
          $ref: `#/$defs/${ref.op!.body}`,
        });
        for (const candidate of sampleBody({ $ref: ref.op!.body }, (v) => validate(v), rows)) {
          body = candidate;
          if ((await call("super_admin", candidate)).status !== 400) break;
        }
      }
      // Refusals first, so nothing a permitted caller creates changes what the others see.
      const order = [...PRINCIPALS].sort(
        (a, b) => Number(expected(a, permission, table) === "allowed") - Number(expected(b, permission, table) === "allowed"),
      );
      for (const who of order) {
        const res = await call(who, body);
        judge(row, who, expected(who, permission, table), res.status, res.body);
      }
    }

    for (const action of await serverActions()) {
      if (!action.mutating) continue;
      rows++;
      const row = `action ${action.key}`;
      const mod = (await import(/* @vite-ignore */ action.file)) as Record<
        string,
        (input: unknown) => Promise<{ ok: boolean; status?: number; error?: unknown }>
      >;
      const call = async (who: Principal, input: unknown) => {
        requestHeaders.current = new Headers(headersOf.get(who));
        const r = await mod[action.name]!(input);
        return { status: r.ok ? 200 : r.status!, body: r };
      };
      let input: unknown = {};
      const schema = action.schema!;
      const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
      for (const candidate of sampleBody(json, (v) => schema.safeParse(v).success, rows)) {
        input = candidate;
        if ((await call("super_admin", candidate)).status !== 400) break;
      }
      const order = [...PRINCIPALS].sort(
        (a, b) => Number(expected(a, action.permission, table) === "allowed") - Number(expected(b, action.permission, table) === "allowed"),
      );
      for (const who of order) {
        const res = await call(who, input);
        judge(row, who, expected(who, action.permission, table), res.status, res.body);
      }
    }

    console.log(`roles matrix: ${rows} mutations × ${PRINCIPALS.length} callers = ${cells} cells, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
    expect(rows).toBeGreaterThan(20);
  }, 120_000);
});
