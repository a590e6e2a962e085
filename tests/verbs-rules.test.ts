import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/auth/permissions";

/** Every exported verb under lib/<entity>/<verb>.ts that takes `{ ctx, input }` is a mutation. */
function verbFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return verbFiles(p);
    return p.endsWith(".ts") && /\{\s*ctx,\s*input\s*\}:\s*\{\s*ctx:\s*Ctx/.test(readFileSync(p, "utf8")) ? [p] : [];
  });
}

describe("rules every mutating verb follows", () => {
  const files = verbFiles(path.resolve("lib"));

  it("finds the verbs", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    const src = readFileSync(file, "utf8");
    const name = path.relative(process.cwd(), file);
    it(`${name} checks a permission first, parses with zod, writes one audit row in a transaction`, () => {
      const body = src.slice(src.indexOf("{ ctx, input }"));
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
