/**
 * `npm test`: unit + integration (vitest, real PostgreSQL), then the production build and
 * Playwright in Chromium against the product as `npm start` runs it, then the workflows on a real
 * Inngest server when one is built (`npm run inngest:build`). Ends with one line:
 * `tests: N passed, N failed[, N skipped]`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { generateEncryptionKey } from "@/lib/crypto/secrets";
import { prepareTemplate, startTestServer } from "@/lib/test-database";
import { assertPortFree } from "@/lib/process-tools";
import { inngestBinPath, inngestBinVersion } from "./inngest/binary";

const require = createRequire(import.meta.url);
const root = process.cwd();
const only = process.argv.find((a) => a.startsWith("--only="))?.split("=")[1];
/** Arguments after a second `--` go to the runner of `--only` (e.g. `npm test -- --only=e2e -- e2e/x.spec.ts --repeat-each=3`). */
const passThrough = process.argv.includes("--") ? process.argv.slice(process.argv.indexOf("--") + 1) : [];
const reportDir = path.join(root, ".data", "reports");
mkdirSync(reportDir, { recursive: true });

type Tally = { passed: number; failed: number; skipped: number };
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const notes: string[] = [];

function run(cmd: string, args: string[], env: Record<string, string>) {
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

function vitestTally(file: string): Tally | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { status: string; assertionResults: { status: string }[] }[];
  };
  // A file that failed to load has no failed test of its own: count it once.
  const loadFailures = r.testResults.filter((s) => s.status === "failed" && !s.assertionResults.some((a) => a.status === "failed")).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + loadFailures, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightTally(file: string): Tally | null {
  if (!existsSync(file)) return null;
  const s = JSON.parse(readFileSync(file, "utf8")).stats;
  return { passed: s.expected, failed: s.unexpected + s.flaky, skipped: s.skipped };
}

/** The Inngest suite prints the same last line as this script. */
function lastLineTally(output: string): Tally | null {
  const m = /tests: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/.exec(output);
  return m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) } : null;
}

function add(t: Tally | null, label: string, exitCode: number) {
  if (!t) {
    total.failed += 1;
    notes.push(`${label}: produced no report (exit ${exitCode})`);
    return;
  }
  total.passed += t.passed;
  total.failed += t.failed;
  total.skipped += t.skipped;
  if (exitCode !== 0 && t.failed === 0) {
    total.failed += 1;
    notes.push(`${label}: exited ${exitCode} with no failed test`);
  }
}

async function main() {
  const started = Date.now();
  process.env.SYNCDECK_ENCRYPTION_KEY ??= generateEncryptionKey();
  process.env.BETTER_AUTH_SECRET ??= "test-only-secret-not-for-production-use-0123456789";
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  // A taken e2e port would have Playwright test someone else's server: fail now, by name.
  if (!only || only === "e2e") await assertPortFree(Number(process.env.E2E_PORT ?? 3211), "127.0.0.1", "E2E_PORT");
  const { serverUrl, server } = await startTestServer(root);
  await prepareTemplate(serverUrl);
  const env = { SYNCDECK_TEST_SERVER_URL: serverUrl };

  try {
    if (!only || only === "unit") {
      const out = path.join(reportDir, "vitest.json");
      rmSync(out, { force: true });
      const code = run(
        process.execPath,
        [
          path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs"),
          "run",
          "--reporter=default",
          "--reporter=json",
          `--outputFile.json=${out}`,
          ...(only === "unit" ? passThrough : []),
        ],
        env,
      );
      add(vitestTally(out), "vitest", code);
    }
    if (!only || only === "e2e") {
      const build = run(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { NODE_ENV: "production" });
      if (build !== 0) add(null, "next build", build);
      else {
        const postgres = (await import("postgres")).default;
        const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
        for (const db of await admin<{ datname: string }[]>`select datname from pg_database where datname like 'syncdeck_e2e%'`) {
          await admin.unsafe(`drop database if exists "${db.datname}" with (force)`);
        }
        await admin.end();
        const e2eUrl = new URL(serverUrl);
        e2eUrl.pathname = "/syncdeck_e2e";
        const out = path.join(reportDir, "playwright.json");
        rmSync(out, { force: true });
        const code = run(process.execPath, [require.resolve("@playwright/test/cli"), "test", ...(only === "e2e" ? passThrough : [])], {
          ...env,
          E2E_DATABASE_URL: e2eUrl.toString(),
          PLAYWRIGHT_JSON_OUTPUT_NAME: out,
        });
        add(playwrightTally(out), "playwright", code);
      }
    }
    if (!only || only === "inngest") {
      if (inngestBinVersion()) {
        const res = spawnSync(process.execPath, [require.resolve("tsx/cli"), "scripts/inngest/suite.ts"], {
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "inherit"],
          encoding: "utf8",
          maxBuffer: 64 << 20,
        });
        process.stdout.write(res.stdout ?? "");
        add(lastLineTally(res.stdout ?? ""), "inngest suite", res.status ?? 1);
      } else {
        total.skipped += 1;
        notes.push(
          `skipped: the workflows on a real Inngest server: no server at ${inngestBinPath()}; \`npm run inngest:build\` builds it (needs Go)`,
        );
      }
    }
  } finally {
    if (server && !server.reused) await server.stop();
  }
  for (const n of notes) console.log(n.startsWith("skipped:") ? n : `note: ${n}`);
  console.log(`suite took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  process.exit(total.failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err instanceof Error && /Error$/.test(err.name) && err.name !== "Error" ? `npm test: ${err.message}` : err);
  console.log(`tests: ${total.passed} passed, ${total.failed + 1} failed`);
  process.exit(1);
});
