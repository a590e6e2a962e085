import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, OPERATIONS, type OpenApiDocument } from "@/lib/api/openapi";
import { documentOperations, HTTP_METHODS, loadRoute, responseValidator, restRouteTemplates } from "./helpers/api";

const doc = buildOpenApiDocument();

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (@readme/openapi-parser), without warnings", async () => {
    // validate() dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result).toMatchObject({ valid: true, specification: "OpenAPI", warnings: [] });
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it("is rejected by the validator when broken (the validator really validates)", async () => {
    const broken = structuredClone(doc) as Partial<OpenApiDocument>;
    delete broken.info;
    expect((await validate(broken as never)).valid).toBe(false);
    const badRef = structuredClone(doc);
    badRef.paths["/api/v1/sessions"]!.get!.responses["200"] = {
      description: "x",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Nope" } } },
    };
    expect((await validate(badRef as never)).valid).toBe(false);
  });

  it("is what GET /api/v1/openapi.json serves, as JSON, without authentication", async () => {
    const route = await loadRoute("/api/v1/openapi.json");
    const res = await route.GET!(new Request("http://localhost:3000/api/v1/openapi.json"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("documents every handler under app/api/v1 and app/api/health, and nothing else", async () => {
    const served: string[] = [];
    for (const template of restRouteTemplates()) {
      const mod = await loadRoute(template);
      for (const method of HTTP_METHODS) if (typeof mod[method] === "function") served.push(`${method} ${template}`);
    }
    const documented = documentOperations(doc).map((o) => `${o.method} ${o.template}`);
    expect(documented.sort()).toEqual(served.sort());
    expect(new Set(OPERATIONS.map((o) => o.operationId)).size).toBe(OPERATIONS.length);
  });

  it("documents the errors each operation can answer with, all in the one error shape", () => {
    for (const op of documentOperations(doc)) {
      const where = `${op.method} ${op.template}`;
      const spec = OPERATIONS.find((o) => o.operationId === op.operationId)!;
      expect(op.statuses, where).toContain("500");
      if (op.authenticated) expect(op.statuses, where).toContain("401");
      if (spec.body || spec.query) expect(op.statuses, where).toContain("400");
      if (op.authenticated && op.method !== "GET") expect(op.statuses, where).toContain("403");
      if (spec.pathParams) expect(op.statuses, where).toContain("404");
      if (spec.permission)
        expect(doc.paths[op.template]![op.method.toLowerCase()]!.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
      else expect(doc.paths[op.template]![op.method.toLowerCase()]!.security).toEqual([]);
    }
    for (const [name, res] of Object.entries(doc.components.responses)) {
      expect((res as { content: Record<string, { schema: { $ref: string } }> }).content["application/json"]!.schema.$ref).toBe(
        `#/components/schemas/${name}`,
      );
    }
  });

  it("rejects unknown fields in every request body and query, and closes every response object", () => {
    const { schemas } = doc.components;
    for (const op of OPERATIONS) {
      if (op.body) expect(schemas[op.body], op.body).toMatchObject({ type: "object", additionalProperties: false });
    }
    // Query parameters come from strict zod objects: the handlers answer 400 to any other parameter.
    for (const op of OPERATIONS) if (op.query) expect(op.query.def.catchall?._zod.def.type, op.operationId).toBe("never");
    const v = responseValidator(doc);
    // An extra property in a response is a drift between handler and document.
    expect(v.check("/api/v1/instances/{id}/test", "post", 200, { ok: true, message: "x", extra: 1 })).not.toEqual([]);
    expect(v.check("/api/v1/instances/{id}/test", "post", 200, { ok: true, message: "x" })).toEqual([]);
  });

  it("compiles every component schema with ajv in strict draft 2020-12 mode, and checks error bodies per status", () => {
    const v = responseValidator(doc);
    for (const op of documentOperations(doc))
      for (const status of op.statuses) expect(v.schemaNameFor(op.template, op.method, Number(status))).toBeTruthy();
    const forbidden = { error: { code: "forbidden:binding", message: 'Your role (ops) lacks the permission "binding:write"' } };
    expect(v.check("/api/v1/bindings", "post", 403, forbidden)).toEqual([]);
    expect(v.check("/api/v1/bindings", "post", 409, forbidden)).not.toEqual([]);
    expect(v.check("/api/v1/bindings", "post", 403, { error: { code: "forbidden:binding" } })).not.toEqual([]);
    expect(v.check("/api/v1/bindings", "post", 418, forbidden)).toEqual(["status 418 is not documented for post /api/v1/bindings"]);
  });
});
