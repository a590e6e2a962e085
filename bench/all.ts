/**
 * `npm run bench`: every script below in order, one process (one bench PostgreSQL, one seed, one
 * production app), then one table of the targets (docs/targets.md) with the figures measured here.
 * A script joins by being listed in SCRIPTS and exporting `<name>Bench(): Promise<BenchResult[]>`
 * (it can still run alone: `npx tsx bench/<name>.ts`). Flags: --sessions=N (default 500,000), --full.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { seedBenchDatabase } from "./seed";
import { benchArgs, printTable, shutdownBench, type BenchResult } from "./support";

const SCRIPTS = ["storage", "api-load", "live-latency", "search", "ingest", "batch-cancel", "orchestration"];

type Module = Record<string, unknown>;

async function main() {
  const { sessions } = benchArgs();
  const t0 = Date.now();
  const all: { script: string; results: BenchResult[] }[] = [];
  let failed = 0;
  // Always a fresh seed: its own figures are part of the table, and every later script reads it.
  all.push({ script: "seed", results: await seedBenchDatabase(sessions) });
  for (const script of SCRIPTS) {
    const file = path.join(import.meta.dirname, `${script}.ts`);
    if (!existsSync(file)) continue;
    console.log(`\n[bench] ── ${script} ──`);
    try {
      const mod = (await import(file)) as Module;
      const fn = Object.entries(mod).find(([k, v]) => k.endsWith("Bench") && typeof v === "function")?.[1] as
        | (() => Promise<BenchResult[]>)
        | undefined;
      if (!fn) throw new Error(`bench/${script}.ts exports no …Bench() function`);
      all.push({ script, results: await fn() });
    } catch (err) {
      failed++;
      console.error(`[bench] ${script} failed:`, err);
      all.push({ script, results: [{ target: `${script}`, measured: `failed: ${(err as Error).message}`.slice(0, 120), met: false }] });
    }
  }
  const rows = all.flatMap(({ script, results }) => results.map((r) => ({ ...r, target: `[${script}] ${r.target}` })));
  printTable(`Syncdeck benchmarks — ${sessions.toLocaleString("en-US")} sessions, ${((Date.now() - t0) / 60_000).toFixed(1)} min`, rows);
  return failed;
}

let code = 0;
try {
  code = (await main()) ? 1 : 0;
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  await shutdownBench();
}
process.exit(code);
