/**
 * The attack surface, discovered from the source tree so a new route or action is covered (or the
 * tests fail) without anyone listing it: route modules under app/api and server actions under
 * app/(dashboard), each mapped to what it takes (OpenAPI operation, or the verb's zod input schema)
 * and the permission it checks.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { OPERATIONS, type ApiOperation } from "@/lib/api/openapi";
import type { Permission } from "@/lib/auth/permissions";
import { HTTP_METHODS, type HttpMethod } from "./api";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type RouteHandlerRef = { template: string; method: HttpMethod; file: string; op: ApiOperation | null };

/** Every exported handler of every route module under the given app/ folders, as path templates. */
export function routeHandlers(folders = ["api/v1", "api/health", "api/live", "api/metrics"]): RouteHandlerRef[] {
  const out: RouteHandlerRef[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const template =
          "/" +
          path
            .relative(path.join(ROOT, "app"), dir)
            .split(path.sep)
            .join("/")
            .replace(/\[(\w+)\]/g, "{$1}");
        const src = readFileSync(full, "utf8");
        for (const method of HTTP_METHODS) {
          if (!new RegExp(`export\\s+(const|async function|function)\\s+${method}\\b`).test(src)) continue;
          const op = OPERATIONS.find((o) => o.path === template && o.method.toUpperCase() === method) ?? null;
          out.push({ template, method, file: full, op });
        }
      }
    }
  };
  for (const f of folders) if (existsSync(path.join(ROOT, "app", f))) walk(path.join(ROOT, "app", f));
  return out.sort((a, b) => `${a.template} ${a.method}`.localeCompare(`${b.template} ${b.method}`));
}

export const MUTATING: readonly HttpMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

export type ActionRef = {
  /** e.g. `sessions/cancelSessionAction`. */
  key: string;
  file: string;
  name: string;
  /** The verb it calls (null for a read that checks its permission inline). */
  verbFile: string | null;
  /** What the verb parses its input with (null for an inline read: any input goes). */
  schema: z.ZodType | null;
  permission: Permission;
  /** Calls a verb that writes an audit row. */
  mutating: boolean;
};

function walkFiles(dir: string, name: string, found: string[] = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkFiles(full, name, found);
    else if (entry.name === name) found.push(full);
  }
  return found;
}

function resolveImport(fromFile: string, spec: string) {
  const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (existsSync(candidate)) return candidate;
  throw new Error(`cannot resolve ${spec} from ${fromFile}`);
}

function importedFrom(src: string, name: string): string | null {
  for (const m of src.matchAll(/import\s*\{([^}]+)\}\s*from\s*"([^"]+)"/g)) {
    if (
      m[1]!.split(",").some(
        (s) =>
          s
            .trim()
            .split(/\s+as\s+/)
            .pop() === name,
      )
    )
      return m[2]!;
  }
  return null;
}

/**
 * Every exported server action of `app/(dashboard)/**\/actions.ts`, with the zod schema its verb
 * parses and the permission its verb requires — read from the verb's source
 * (`requirePermission(ctx.actor, "…")`, `<schema>.parse(input)`). Throws, naming the action, when
 * either cannot be found, so a new action is fuzzed and put in the roles matrix or fails loudly.
 */
export async function serverActions(): Promise<ActionRef[]> {
  const out: ActionRef[] = [];
  for (const file of walkFiles(path.join(ROOT, "app/(dashboard)"), "actions.ts").sort()) {
    const src = readFileSync(file, "utf8");
    const area = path.basename(path.dirname(file));
    for (const m of src.matchAll(/export\s+async\s+function\s+(\w+)\s*\(([^)]*)\)\s*\{([\s\S]*?)\n\}/g)) {
      const [, name, , body] = m as unknown as [string, string, string, string];
      const key = `${area}/${name}`;
      // The function it hands `input` to: a verb `verb({ ctx, input })` or a query `fn(ctx.db, ctx.actor, input)`.
      const verb = /(\w+)\(\{\s*ctx,\s*input\s*\}\)/.exec(body)?.[1] ?? /(\w+)\([^()]*\binput\)/.exec(body)?.[1];
      const inline = /requirePermission\((?:ctx\.)?actor,\s*"([^"]+)"\)/.exec(body)?.[1] as Permission | undefined;
      if (!verb && inline && !/\b(insert|update|delete|inTransaction|writeAudit)\b/.test(body)) {
        out.push({ key, file, name, verbFile: null, schema: null, permission: inline, mutating: false });
        continue;
      }
      if (!verb)
        throw new Error(
          `${key}: cannot find the function it hands its input to (expected \`verb({ ctx, input })\`, or a read with an inline requirePermission)`,
        );
      const spec = importedFrom(src, verb);
      if (!spec) throw new Error(`${key}: ${verb} is not imported`);
      const verbFile = resolveImport(file, spec);
      const fileSrc = readFileSync(verbFile, "utf8");
      const at = fileSrc.search(new RegExp(`export\\s+(async\\s+)?function\\s+${verb}\\b`));
      if (at < 0) throw new Error(`${key}: ${verb} is not an exported function of ${path.relative(ROOT, verbFile)}`);
      const next = fileSrc.slice(at + 1).search(/\nexport\s/);
      const verbSrc = next < 0 ? fileSrc.slice(at) : fileSrc.slice(at, at + 1 + next);
      const permission = /requirePermission\((?:ctx\.)?actor,\s*"([^"]+)"\)/.exec(verbSrc)?.[1] as Permission | undefined;
      const schemaName = /(\w+)\.parse\(input\)/.exec(verbSrc)?.[1];
      if (!permission || !schemaName)
        throw new Error(
          `${key}: ${verb} in ${path.relative(ROOT, verbFile)} has no requirePermission(ctx.actor, "…") or <schema>.parse(input)`,
        );
      const schemaSpec = importedFrom(fileSrc, schemaName);
      const schemaFile = schemaSpec ? resolveImport(verbFile, schemaSpec) : verbFile;
      const schema = ((await import(/* @vite-ignore */ schemaFile)) as Record<string, z.ZodType>)[schemaName];
      if (!schema) throw new Error(`${key}: ${schemaName} is not exported from ${path.relative(ROOT, schemaFile)}`);
      out.push({ key, file, name, verbFile, schema, permission, mutating: /writeAudit\(|inTransaction\(/.test(verbSrc) });
    }
  }
  return out;
}

/** Path segment (`/api/v1/<segment>/{id}`) → the table whose ids that path takes. */
export const SEGMENT_TABLE: Record<string, string> = {
  sessions: "sync_sessions",
  instances: "instances",
  "instance-records": "instance_records",
  bindings: "bindings",
  "live-sessions": "live_sessions",
  stores: "stores",
  tokens: "api_tokens",
  "alert-rules": "alert_rules",
  "bulk-operations": "bulk_operations",
  accounts: "upstream_accounts",
};

/** Input field name → the table whose ids it takes. */
export const FIELD_TABLE: Record<string, string> = {
  sessionId: "sync_sessions",
  instanceId: "instances",
  instanceIds: "instances",
  recordId: "instance_records",
  bindingId: "bindings",
  liveSessionId: "live_sessions",
  gameAccountId: "game_accounts",
  storeId: "stores",
  tokenId: "api_tokens",
  alertRuleId: "alert_rules",
  ruleId: "alert_rules",
};

/** The table a path template's `{id}` refers to: by the segment before it. Undefined when unknown. */
export function pathIdTable(template: string): string | undefined {
  const m = /\/api\/v1\/([^/]+)\/\{id\}/.exec(template);
  return m ? SEGMENT_TABLE[m[1]!] : undefined;
}
