import { readdirSync } from "node:fs";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument } from "@/lib/api/openapi";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;
export type RouteModule = Partial<Record<HttpMethod, Handler>>;

const ROOT = path.resolve(import.meta.dirname, "../..");

/** `/api/v1/sessions/{id}` → `<root>/app/api/v1/sessions/[id]/route.ts`. */
export function routeFile(template: string) {
  return path.join(ROOT, "app", template.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
}

/** The route module serving a documented path (imported on demand, so set DATABASE_URL first). */
export async function loadRoute(template: string): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ routeFile(template))) as RouteModule;
}

/** Every route file of the public REST surface, as path templates: `/api/v1/**` and `/api/health`. */
export function restRouteTemplates(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts")
        found.push(
          "/" +
            path
              .relative(path.join(ROOT, "app"), dir)
              .split(path.sep)
              .join("/")
              .replace(/\[(\w+)\]/g, "{$1}"),
        );
    }
  };
  walk(path.join(ROOT, "app/api/v1"));
  walk(path.join(ROOT, "app/api/health"));
  return found.sort();
}

export type DocOperation = { template: string; method: HttpMethod; operationId: string; statuses: string[]; authenticated: boolean };

export function documentOperations(doc: OpenApiDocument): DocOperation[] {
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => ({
      template,
      method: method.toUpperCase() as HttpMethod,
      operationId: op.operationId,
      statuses: Object.keys(op.responses),
      authenticated: op.security.length > 0,
    })),
  );
}

const BASE = "https://syncdeck.local/openapi.json";

/** Rewrites `#/components/schemas/X` to `#/$defs/X` so the component schemas live in one JSON Schema resource. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" ? v.replace(/^#\/components\/schemas\//, "#/$defs/") : rewriteRefs(v),
      ]),
    );
  }
  return value;
}

/**
 * Validates response bodies against the document: the schema of the response documented for that
 * path, method and status (following `#/components/responses/*`), with ajv in strict 2020-12 mode.
 */
export function responseValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: BASE, $defs: rewriteRefs(doc.components.schemas) as Record<string, object> });
  const compiled = new Map<string, ValidateFunction>();

  function schemaNameFor(template: string, method: string, status: number): string | null {
    const op = doc.paths[template]?.[method.toLowerCase()];
    if (!op) throw new Error(`${method} ${template} is not in the document`);
    let response = (op.responses as Record<string, unknown>)[String(status)] as
      | { $ref?: string; content?: Record<string, { schema: { $ref: string } }> }
      | undefined;
    if (!response) return null;
    if (response.$ref) response = doc.components.responses[response.$ref.replace("#/components/responses/", "")] as typeof response;
    const ref = (response?.content?.["application/json"] ?? response?.content?.["text/csv"])?.schema.$ref;
    if (!ref) throw new Error(`${method} ${template} ${status} has no application/json (or text/csv) schema`);
    return ref.replace("#/components/schemas/", "");
  }

  return {
    /** The component schema name documented for a response, or null when the status is not documented. */
    schemaNameFor,
    /** Problems with a response: an undocumented status, or the body not matching its schema. Empty when fine. */
    check(template: string, method: string, status: number, body: unknown): string[] {
      const name = schemaNameFor(template, method, status);
      if (!name) return [`status ${status} is not documented for ${method} ${template}`];
      let validate = compiled.get(name);
      if (!validate) {
        validate = ajv.getSchema(`${BASE}#/$defs/${name}`);
        if (!validate) throw new Error(`no component schema ${name}`);
        compiled.set(name, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
    },
  };
}

export type CallOptions = {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is (to test malformed JSON). */
  body?: unknown;
};

/** Calls a route handler directly, as Next would: a Request and `{ params: Promise }`. */
export async function callRoute(mod: RouteModule, method: HttpMethod, template: string, opts: CallOptions = {}) {
  const handler = mod[method];
  if (!handler) throw new Error(`${template} exports no ${method} handler`);
  const params = opts.params ?? {};
  const pathname = template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) throw new Error(`missing path parameter ${k} for ${template}`);
    return encodeURIComponent(v);
  });
  const url = new URL(pathname, "http://localhost:3000");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
  const headers = new Headers(opts.headers);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  const res = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  const text = await res.text();
  if (/^text\/csv/.test(res.headers.get("content-type") ?? ""))
    return { status: res.status, headers: res.headers, body: text as unknown, contentType: res.headers.get("content-type") };
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${method} ${template} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, body: json, contentType: res.headers.get("content-type") };
}
