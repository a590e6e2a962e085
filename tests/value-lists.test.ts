import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isTable } from "drizzle-orm";
import { isPgEnum } from "drizzle-orm/pg-core";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import * as values from "@/lib/domain/values";

/**
 * Each closed value list (a stream, a status, a category, a role…) is written out once, in
 * lib/domain/values.ts; everything else derives from it. This reads the production code with the
 * TypeScript parser and fails on any array literal or union of string literals that contains a
 * whole known list again.
 */
const DECLARATION = "lib/domain/values.ts";
const PRODUCTION = ["app", "components", "lib", "db", "inngest", "scripts", "bench"];
const ROOT_FILES = ["proxy.ts", "instrumentation.ts"];
/** Places where a literal list that happens to contain a known one is not a second declaration. */
const ALLOWED: { file: string; list: string; why: string }[] = [
  {
    file: "lib/auth/permissions.ts",
    list: "ROLES",
    why: "a permission row granted to every role names them; the test of that table is tests/roles-matrix",
  },
  { file: "lib/auth/permissions.ts", list: "TOKEN_ROLES", why: "same table: rows granted to ops and viewer" },
  {
    file: "lib/analytics/queries.ts",
    list: "FINISHED_RECORD_STATUSES",
    why: "column names of a rollup row (runs, completed, partial, failed, …)",
  },
];

const known = (Object.entries(values) as [string, unknown][]).filter(
  (e): e is [string, readonly string[]] => Array.isArray(e[1]) && e[1].length >= 2 && e[1].every((v) => typeof v === "string"),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (f === "node_modules" || f.startsWith(".")) return [];
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(f) && !f.endsWith(".d.ts") ? [p] : [];
  });
}

type Literal = { file: string; line: number; values: string[] };

function literalLists(file: string): Literal[] {
  const src = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Literal[] = [];
  const visit = (node: ts.Node) => {
    let found: string[] = [];
    if (ts.isArrayLiteralExpression(node)) found = node.elements.filter(ts.isStringLiteralLike).map((e) => e.text);
    if (ts.isUnionTypeNode(node))
      found = node.types.flatMap((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []));
    if (found.length >= 2) out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, values: found });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe("value lists are declared once", () => {
  const files = [...PRODUCTION.flatMap((d) => sourceFiles(path.resolve(d))), ...ROOT_FILES.map((f) => path.resolve(f))]
    .map((f) => path.relative(process.cwd(), f))
    .filter((f) => f !== DECLARATION);
  const lists = files.flatMap(literalLists);

  it("reads the declarations and the production code", () => {
    expect(known.length).toBeGreaterThanOrEqual(30);
    expect(files.length).toBeGreaterThan(200);
    // The scanner sees literal lists at all (log redaction paths, SQL keyword lists, …).
    expect(lists.length).toBeGreaterThan(20);
  });

  it("finds no known list written out again", () => {
    const repeats = lists.flatMap((l) => {
      const contained = known
        .filter(([, list]) => list.every((v) => l.values.includes(v)))
        .filter(([name]) => !ALLOWED.some((a) => a.file === l.file && a.list === name));
      // Name the largest lists it contains (a status list also contains its shorter neighbours).
      const largest = contained.filter(([, a]) => !contained.some(([, b]) => b.length > a.length && a.every((v) => b.includes(v))));
      return largest.map(([name]) => `${l.file}:${l.line} repeats ${name} (${l.values.join(", ")}): import it from ${DECLARATION}`);
    });
    expect(repeats).toEqual([]);
  });

  it("builds every pgEnum and text enum of db/schema from a declared list", () => {
    const declared = new Set(known.map(([, list]) => list.join(",")));
    const enums = Object.entries(schema).filter(([, v]) => isPgEnum(v));
    expect(enums.length).toBeGreaterThanOrEqual(15);
    for (const [name, e] of enums) expect(declared.has((e as { enumValues: string[] }).enumValues.join(",")), name).toBe(true);
    const textEnums = Object.values(schema)
      .filter(isTable)
      .flatMap((t) => Object.values(t as unknown as Record<string, { enumValues?: string[]; columnType?: string }>))
      .filter((c) => c?.columnType === "PgText" && c.enumValues?.length);
    expect(textEnums.length).toBeGreaterThanOrEqual(3);
    for (const c of textEnums) expect(declared.has(c.enumValues!.join(",")), c.enumValues!.join(",")).toBe(true);
  });
});
