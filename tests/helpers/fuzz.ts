/**
 * Hostile-input arbitraries (fast-check) and the checks every fuzzed answer must pass: near-valid
 * values generated from JSON Schema (the OpenAPI document's, or a zod schema's) and then broken —
 * wrong types, missing and extra fields, huge strings and arrays, unicode, control characters and
 * NUL bytes, SQL and HTML fragments, ids of other objects and of nothing.
 */
import fc from "fast-check";
import type postgres from "postgres";

type JsonSchema = Record<string, unknown>;

/** Ids the fuzzer may put where an id goes: of nothing, and of seeded objects by table. */
export type IdPool = { nothing: string[]; byTable: Record<string, string[]> };

/** Ids of every seeded object except those of `ownTable` (unknown table: only ids of nothing). */
export function foreignIds(pool: IdPool, ownTable: string | undefined): string[] {
  if (!ownTable) return pool.nothing;
  return [...pool.nothing, ...Object.entries(pool.byTable).flatMap(([table, ids]) => (table === ownTable ? [] : ids))];
}

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE instances; --",
  "1; select pg_sleep(5)--",
  '" OR ""="',
  "%",
  "_",
  "%_%\\",
  "\\",
  "$1",
  "'::uuid",
  "') union select token_hash from api_tokens --",
  "E'\\x00'",
];
const HTML = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg/onload=alert(1)>',
  "javascript:alert(1)",
  "{{7*7}}",
  "${7*7}",
  "&lt;b&gt;",
];
const ODD = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0000".repeat(64),
  "\r\n\t\b\f\v",
  "\u202e\u200b\ufeff",
  "\ud800",
  "\udfff\ud800",
  "👩‍👩‍👧‍👦",
  "ｓｅｌｅｃｔ",
  "../../../../etc/passwd",
  "%00",
  "%2e%2e%2f",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "0x10",
  "true",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
  "------------------------------------",
  "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
  "0000000-00000-0000-0000-000000000000",
  "{00000000-0000-0000-0000-000000000000}",
  "__proto__",
  "constructor",
];
const HUGE = ["a".repeat(100_000), "é".repeat(100_000), "\u0000".repeat(5_000), "<".repeat(100_000), "'".repeat(100_000)];

const controlChar = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: controlChar, maxLength: 10 }), weight: 2 },
  { arbitrary: fc.constantFrom(...SQL), weight: 3 },
  { arbitrary: fc.constantFrom(...HTML), weight: 2 },
  { arbitrary: fc.constantFrom(...ODD), weight: 4 },
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: fc.constantFrom(...HUGE), weight: 1 },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, -0, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MIN_VALUE),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: leaf, weight: 8 },
  { arbitrary: fc.array(leaf, { maxLength: 5 }), weight: 2 },
  {
    arbitrary: fc.dictionary(fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor", "prototype")), leaf, { maxKeys: 4 }),
    weight: 2,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      Array.from({ length: 20_000 }, (_, i) => i),
      Array.from({ length: 5_000 }, () => "x".repeat(20)),
    ),
    weight: 1,
  },
);

/** Bodies that are not JSON (or not what JSON should be), with the content type they come with. */
export const malformedBody = fc.record({
  text: fc.oneof(
    fc.constantFrom(
      "{",
      "[1,",
      '{"a":}',
      "nul",
      "{'a':1}",
      "\u0000",
      "<xml/>",
      "a=1&b=2",
      '{"a":1}}',
      "\ufeff{}",
      "[]]",
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
    ),
    fc.string({ maxLength: 30 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  ),
  contentType: fc.constantFrom(
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/json; charset=utf-16",
  ),
});

export type FromSchemaOpts = {
  /** Resolves `$ref`s (the OpenAPI document's components). */
  defs?: Record<string, JsonSchema>;
  /** Candidate ids for a `format: uuid` string, by the name of the field it sits in. */
  idsFor: (field: string | undefined) => string[];
  /** Free-text strings: hostile ones cut to the schema's length bounds (default: plain random strings). */
  hostileText?: boolean;
};

/** Values shaped like the schema (near-valid: the mutations below break them). */
export function fromSchema(schema: JsonSchema, opts: FromSchemaOpts, field?: string): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").pop()!;
    const target = opts.defs?.[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return fromSchema(target, opts, field);
  }
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) return fc.oneof(...branches.map((b) => fromSchema(b, opts, field)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ("const" in schema) return fc.constant(schema.const);
  switch (schema.type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, opts, k)]));
      return fc.record(model, { requiredKeys: required.filter((k) => k in props) });
    }
    case "array": {
      const items = (schema.items ?? {}) as JsonSchema;
      return fc.array(fromSchema(items, opts, field), {
        minLength: Math.min(Number(schema.minItems ?? 0), 5),
        maxLength: Math.min(Number(schema.maxItems ?? 5), 5),
      });
    }
    case "string": {
      if (schema.format === "uuid") {
        const ids = opts.idsFor(field);
        return ids.length ? fc.constantFrom(...ids) : fc.uuid();
      }
      // Near now and mostly ahead: the window refinements ("in the future, at most a year ahead") accept.
      if (schema.format === "date-time")
        return fc
          .date({ noInvalidDate: true, min: new Date(Date.now() - 864e5), max: new Date(Date.now() + 200 * 864e5) })
          .map((d) => d.toISOString());
      if (schema.format === "date")
        return fc
          .date({ noInvalidDate: true, min: new Date("2000-01-01"), max: new Date("2100-01-01") })
          .map((d) => d.toISOString().slice(0, 10));
      const min = Number(schema.minLength ?? 0);
      if (opts.hostileText) {
        const max = Number(schema.maxLength ?? 100_000);
        return fc
          .oneof(hostileString, fc.string({ unit: "binary", minLength: min, maxLength: Math.min(max, 40) }))
          .map((v) => (v.length > max ? v.slice(0, max) : v.padEnd(min, "\u0000")));
      }
      return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(Number(schema.maxLength ?? 20), 20)) });
    }
    case "integer": {
      const min =
        typeof schema.minimum === "number"
          ? schema.minimum
          : typeof schema.exclusiveMinimum === "number"
            ? schema.exclusiveMinimum + 1
            : -1000;
      const max = typeof schema.maximum === "number" ? Math.min(schema.maximum, min + 10_000) : min + 10_000;
      return fc.integer({ min, max });
    }
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function setAt(value: unknown, pathIndex: number, replacement: unknown, mode: "replace" | "delete" | "extra"): unknown {
  // Collect the object/array slots, then act on one of them (by index, modulo their number).
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const objects: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        slots.push({ parent: v, key: i });
        walk(x);
      });
    } else if (v && typeof v === "object") {
      objects.push(v as Record<string, unknown>);
      for (const [k, x] of Object.entries(v)) {
        slots.push({ parent: v as Record<string, unknown>, key: k });
        walk(x);
      }
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (mode === "extra") {
    if (!objects.length) return replacement;
    const target = objects[pathIndex % objects.length]!;
    target[`x_${pathIndex % 7}`] = replacement;
    return copy;
  }
  if (!slots.length) return replacement;
  const slot = slots[pathIndex % slots.length]!;
  if (mode === "delete") {
    if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
    else delete slot.parent[slot.key as string];
  } else if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = replacement;
  else slot.parent[slot.key as string] = replacement;
  return copy;
}

/** A near-valid value, then (mostly) broken: one slot replaced, deleted, or an extra field added; or replaced whole. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: base, weight: 2 },
    { arbitrary: fc.tuple(base, fc.nat(), hostileValue).map(([v, i, h]) => setAt(v, i, h, "replace")), weight: 5 },
    { arbitrary: fc.tuple(base, fc.nat()).map(([v, i]) => setAt(v, i, undefined, "delete")), weight: 2 },
    { arbitrary: fc.tuple(base, fc.nat(), hostileValue).map(([v, i, h]) => setAt(v, i, h, "extra")), weight: 2 },
    { arbitrary: hostileValue, weight: 2 },
  );
}

/** Query strings: known parameters with near-valid or hostile values, plus unknown ones. */
export function hostileQuery(params: { name: string; schema: JsonSchema }[], opts: FromSchemaOpts): fc.Arbitrary<Record<string, string>> {
  const str = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));
  const known = Object.fromEntries(params.map((p) => [p.name, fc.oneof(fromSchema(p.schema, opts, p.name).map(str), hostileString)]));
  return fc
    .tuple(
      fc.record(known, { requiredKeys: [] }),
      fc.oneof(
        { arbitrary: fc.constant({}), weight: 3 },
        {
          arbitrary: fc.dictionary(
            fc.oneof(
              hostileString.filter((k) => k.length < 200),
              fc.constantFrom("page", "sort", "__proto__"),
            ),
            hostileString,
            { maxKeys: 2 },
          ),
          weight: 1,
        },
      ),
    )
    .map(([a, b]) => ({ ...b, ...a }) as Record<string, string>);
}

/** Row count and an md5 of every row, per table of the public schema: equal before and after means nothing changed. */
export async function snapshotTables(sql: postgres.Sql, skip: string[] = []): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (skip.includes(name)) continue;
    const [row] = await sql.unsafe<{ n: string; h: string | null }[]>(
      `select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as h from "${name}" t`,
    );
    out[name] = `${row!.n}:${row!.h ?? ""}`;
  }
  return out;
}

/** Problems with an error answer: not the `{ error: { code, message, details? } }` shape, or a leak in it. */
export function errorProblems(body: unknown, secrets: string[]): string[] {
  const problems: string[] = [];
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!body || typeof body !== "object" || Object.keys(body).join() !== "error") problems.push("body is not { error }");
  if (!e || typeof e.code !== "string" || typeof e.message !== "string") problems.push("error lacks string code/message");
  else if (!/^[a-z_]+:[a-z_]+$/.test(e.code)) problems.push(`unstable-looking code ${e.code}`);
  const text = JSON.stringify(body) ?? "";
  if (/\n\s{1,20}at |\bat [\w.<>]{1,200} \(|node_modules|\.tsx?:\d+/.test(text)) problems.push("a stack trace in the answer");
  if (/[a-z]+:\/\/(?!user:password@)[^\s"@/]+:[^\s"@/]+@/i.test(text)) problems.push("a URL with credentials in the answer");
  for (const s of secrets) if (s && text.includes(s)) problems.push(`a secret in the answer (${s.slice(0, 4)}…)`);
  return problems;
}

/**
 * Request shapes that once made 500s (or were read as `{}`), each with the status it must get now.
 * `bytes` is the raw body; `withValid` builds it from a body the route would otherwise accept.
 */
export const HOSTILE_BODY_SHAPES: { name: string; body: (valid: unknown) => Uint8Array<ArrayBuffer>; status: number; code: string }[] = [
  {
    name: "JSON nested 5,000 deep",
    body: () => new TextEncoder().encode(`${'{"a":['.repeat(5000)}1${"]}".repeat(5000)}`),
    status: 400,
    code: "bad_request:json",
  },
  {
    name: "array nested 5,000 deep",
    body: () => new TextEncoder().encode(`${"[".repeat(5000)}${"]".repeat(5000)}`),
    status: 400,
    code: "bad_request:json",
  },
  {
    name: "byte-order mark, then the valid body",
    body: (valid) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(valid))]),
    status: 400,
    code: "bad_request:json",
  },
  { name: "a byte-order mark alone", body: () => new Uint8Array([0xef, 0xbb, 0xbf]), status: 400, code: "bad_request:json" },
  {
    name: "invalid UTF-8 bytes",
    body: () => new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
    status: 400,
    code: "bad_request:json",
  },
];

/** Escapes of a lone surrogate, as JSON text carries them. */
export const LONE_SURROGATES = ["\ud800", "name\udfff", "\udc00\ud800", "a\ud83d"];

/** Copies of `value` with one string (leaf or key) replaced by a lone surrogate each: one copy per string slot. */
export function withLoneSurrogates(value: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, set: (x: unknown) => unknown) => {
    if (typeof v === "string") out.push(set(LONE_SURROGATES[out.length % LONE_SURROGATES.length]));
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, (r) => set(v.map((y, j) => (i === j ? r : y)))));
    else if (v && typeof v === "object")
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], (r) => set({ ...(v as object), [k]: r }));
  };
  walk(value, (x) => x);
  if (value && typeof value === "object" && !Array.isArray(value)) out.push({ ...(value as object), [LONE_SURROGATES[0]!]: "x" });
  return out;
}

/** Percent-escapes that decode to no UTF-8 (a lone surrogate, an overlong slash, a stray byte, a cut sequence). */
export const BAD_PATH_ESCAPES = ["%ED%A0%80", "%C0%AF", "%FF", "%E2%82"];
