import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/auth/permissions";

/** The verbs there are today; a new verb raises it (a lower count means one slipped past the parser). */
const VERBS_AT_LEAST = 24;
/** Framework adapters that hand a Ctx to a callback; they are not mutations. */
const ADAPTERS = ["lib/context.ts", "lib/http/"];

type Verb = { file: string; name: string; text: string; verbShape: boolean };

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Whether a parameter receives a Ctx: `ctx: Ctx`, or a destructured `{ ctx, … }`. */
function takesCtx(p: ts.ParameterDeclaration) {
  if (ts.isIdentifier(p.name)) return p.type?.getText() === "Ctx";
  return ts.isObjectBindingPattern(p.name) && p.name.elements.some((e) => e.name.getText() === "ctx");
}
/** The verb shape: one parameter `{ ctx, input }: { ctx: Ctx; input: unknown }`. */
function verbShape(params: readonly ts.ParameterDeclaration[]) {
  const [p] = params;
  if (params.length !== 1 || !p || !ts.isObjectBindingPattern(p.name)) return false;
  const names = p.name.elements.map((e) => e.name.getText()).sort();
  return names.join(",") === "ctx,input" && !!p.type && /\bctx:\s*Ctx\b/.test(p.type.getText());
}

/** Every exported function in lib/ that takes a Ctx, found with the TypeScript parser. */
function exportedCtxFunctions(file: string): Verb[] {
  const src = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true);
  const out: Verb[] = [];
  const add = (name: string, fn: ts.SignatureDeclaration, node: ts.Node) => {
    if (fn.parameters.some(takesCtx)) out.push({ file, name, text: node.getText(), verbShape: verbShape(fn.parameters) });
  };
  for (const st of sf.statements) {
    if (!isExported(st)) continue;
    if (ts.isFunctionDeclaration(st) && st.name) add(st.name.text, st, st);
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations)
        if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)))
          add(d.name.getText(), d.initializer, st);
  }
  return out;
}

describe("rules every mutating verb follows", () => {
  const all = tsFiles(path.resolve("lib"))
    .map((f) => path.relative(process.cwd(), f))
    .filter((f) => !ADAPTERS.some((a) => f.startsWith(a)))
    .flatMap(exportedCtxFunctions);
  const verbs = all.filter((v) => v.verbShape);

  it("finds every verb: each exported function taking a Ctx has the verb shape, one per lib/<entity>/<verb>.ts", () => {
    expect(all.filter((v) => !v.verbShape).map((v) => `${v.file}: ${v.name}`)).toEqual([]);
    expect(verbs.length).toBeGreaterThanOrEqual(VERBS_AT_LEAST);
    expect(new Set(verbs.map((v) => v.file)).size).toBe(verbs.length);
    for (const v of verbs) expect(v.file).toMatch(/^lib\/[a-z-]+\/[a-z-]+\.ts$/);
  });

  for (const verb of verbs) {
    const src = readFileSync(verb.file, "utf8");
    it(`${verb.file} checks a permission first, parses with zod, writes one audit row in a transaction`, () => {
      const body = verb.text;
      const perm = body.indexOf("requirePermission(ctx.actor");
      const parse = body.search(/\.parse\(input\)/);
      expect(perm, "requirePermission").toBeGreaterThan(-1);
      expect(parse, "zod parse of input").toBeGreaterThan(perm);
      expect(src).toMatch(/inTransaction\(ctx/);
      expect(src.match(/writeAudit\(/g)?.length, "one audit write").toBe(1);
      const permission = /requirePermission\(ctx\.actor, "([^"]+)"\)/.exec(src)?.[1];
      expect(Object.keys(PERMISSIONS)).toContain(permission);
    });
  }
});
