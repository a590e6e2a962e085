/**
 * `npm run test:chaos`: the full crash-recovery run (scripts/chaos/run.ts) on an embedded
 * PostgreSQL of its own. Writes .data/reports/chaos.json; exits 1 when anything was lost.
 *   --seed N  --kills N  --instances N  --game-servers N
 * Env: SYNCDECK_CHAOS_PG_PORT (default 54359).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { runMigrations } from "@/db/migrate";
import { generateEncryptionKey } from "@/lib/crypto/secrets";
import { startEmbeddedPostgres } from "@/lib/embedded-postgres";
import { formatReport, runChaos } from "./chaos/run";

const { values } = parseArgs({
  options: { seed: { type: "string" }, kills: { type: "string" }, instances: { type: "string" }, "game-servers": { type: "string" } },
});
const seed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const port = Number(process.env.SYNCDECK_CHAOS_PG_PORT ?? 54359);
process.env.SYNCDECK_ENCRYPTION_KEY ??= generateEncryptionKey();

const root = process.cwd();
const server = await startEmbeddedPostgres({ dir: path.join(root, ".data", `chaos-pg-${port}`), port });
const dbName = `chaos_${Date.now()}`;
const admin = postgres(server.url("postgres"), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const dbUrl = server.url(dbName);
let exitCode = 1;
try {
  await runMigrations(dbUrl);
  // Roles for the account batches to find on the upstream (this server is the chaos run's own).
  for (let i = 0; i < 25; i++)
    await admin.unsafe(`do $$ begin create role chaos_role_${i} login; exception when duplicate_object then null; end $$`);
  console.log(`chaos: seed ${seed} (rerun with --seed ${seed})`);
  const report = await runChaos({
    dbUrl,
    upstreamUrl: server.url("postgres"),
    seed,
    kills: Number(values.kills ?? 12),
    instances: Number(values.instances ?? 30),
    gameServers: Number(values["game-servers"] ?? 2),
    upMs: [400, 3000],
    log: (line) => console.log(line),
  });
  console.log(formatReport(report));
  for (const p of report.problems) console.log(`  problem: ${p}`);
  mkdirSync(path.join(root, ".data", "reports"), { recursive: true });
  writeFileSync(
    path.join(root, ".data", "reports", "chaos.json"),
    JSON.stringify({ ...report, finishedAt: new Date().toISOString() }, null, 2),
  );
  exitCode = report.problems.length === 0 && report.duplicates === 0 && report.missing === 0 && report.extra === 0 ? 0 : 1;
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.end();
  if (!server.reused) await server.stop();
}
process.exit(exitCode);
