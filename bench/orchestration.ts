/**
 * Orchestration overhead of a large manual account batch: 10,000 instances on the embedded runner,
 * and 2,000 on a real Inngest dev server (built by `npm run inngest:build`; skipped without it). The
 * connector is replaced (in this process only) by one that answers at once with three roles, so what
 * remains is the engine: queueing, step memos, instance locks, records, the upsert, finalize. On
 * Inngest the batch workflow is served from this process (so it sees the stub) and its event goes
 * through the outbox and its relay, as in the app.
 * Run: npx tsx bench/orchestration.ts [--instances=N] [--inngest-instances=N]
 */
import http from "node:http";
import { eq } from "drizzle-orm";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import pino from "pino";
import { authUsers, instances, syncSessions } from "@/db/schema";
import { registerConnector } from "@/lib/connectors";
import { mysqlConnector } from "@/lib/connectors/mysql";
import type { DatabaseConnector, UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { encryptSecret } from "@/lib/crypto/secrets";
import type { Ctx } from "@/lib/context";
import { enqueueEvents } from "@/lib/engine/enqueue";
import { OutboxRelay, storeInOutbox } from "@/lib/engine/outbox";
import type { AnyWorkflow } from "@/lib/engine/workflow";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { workflows } from "@/lib/workflows";
import { toInngestFunction } from "@/inngest/to-function";
import { inngestBinPath, inngestBinVersion } from "../scripts/inngest/binary";
import { startInngestServer } from "../scripts/inngest/servers";
import { benchDatabase, benchRunner, int, isMain, ms, runAlone, type BenchResult } from "./support";

const PARALLEL = 4; // PARALLEL_INSTANCES in lib/sync/batch-workflow.ts
const INNGEST_PORT = Number(process.env.SYNCDECK_BENCH_INNGEST_PORT ?? 8350);

function countArg(name: string, fallback: number) {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = arg ? Number(arg.split("=")[1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${arg})`);
  return n;
}

export async function orchestrationBench(): Promise<BenchResult[]> {
  const results = [...(await stubBatch("embedded", countArg("instances", 10_000)))];
  if (inngestBinVersion()) results.push(...(await stubBatch("inngest", countArg("inngest-instances", 2_000))));
  else {
    console.log(`\norchestration on Inngest: skipped (no server at ${inngestBinPath()}; npm run inngest:build)`);
    results.push({
      target: "orchestration overhead on a real Inngest dev server (2,000 instances)",
      measured: "skipped: server not built",
      met: null,
    });
  }
  return results;
}

/** Serves the batch workflow from this process on an ephemeral port for a dev server at `inngestUrl`. */
async function serveBatchWorkflow(inngestUrl: string, db: Ctx["db"]) {
  const client = new Inngest({
    id: "syncdeck-bench",
    isDev: true,
    baseUrl: inngestUrl,
    checkpointing: false,
    logger: pino({ level: "silent" }),
  });
  const handler = serve({ client, functions: [toInngestFunction(client, batchSyncWorkflow as unknown as AnyWorkflow, () => ({ db }))] });
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/inngest`;
  return { client, url, close: () => new Promise((r) => server.close(r)) };
}

async function stubBatch(engine: "embedded" | "inngest", INSTANCES: number): Promise<BenchResult[]> {
  let connectorMs = 0;
  const roles: UpstreamAccountSnapshot[] = ["app", "reporting", "admin"].map((name) => ({
    name,
    canLogin: true,
    superuser: false,
    createDb: false,
    createRole: false,
    replication: false,
    connectionLimit: -1,
    validUntil: null,
    memberOf: [],
  }));
  const stub: DatabaseConnector = {
    ...mysqlConnector,
    test: async () => "stub",
    fetchAccounts: async () => {
      const t0 = performance.now();
      const out = roles.map((r) => ({ ...r }));
      connectorMs += performance.now() - t0;
      return out;
    },
  };
  const b = await benchDatabase(`bench_orch_${engine}`);
  registerConnector("mysql", stub);
  const stops: (() => Promise<unknown>)[] = [];
  try {
    await b.db.insert(authUsers).values({ id: "bench-ops", name: "bench", email: "bench@local", role: "ops" }).onConflictDoNothing();
    const secret = encryptSecret("mysql://stub:stub@127.0.0.1:9/stub");
    await b.db.insert(instances).values(
      Array.from({ length: INSTANCES }, (_, i) => ({
        name: `stub-${i}`,
        kind: "mysql" as const,
        secretCiphertext: secret,
        endpoint: "127.0.0.1:9",
      })),
    );
    const actor = { type: "user" as const, id: "bench-ops", label: "bench", role: "ops" as const };
    let ctx: Ctx;
    if (engine === "embedded") {
      const runner = benchRunner(b);
      await runner.start();
      stops.push(() => runner.stop());
      ctx = { db: b.db, actor, engine: { enqueue: (tx, events) => enqueueEvents(tx, workflows, events) } };
    } else {
      // The server calls back a port only known once listening: start it with a placeholder, then register.
      const served = await serveBatchWorkflow(`http://127.0.0.1:${INNGEST_PORT}`, b.db);
      stops.push(served.close);
      const server = await startInngestServer(inngestBinPath(), INNGEST_PORT, served.url, { kind: "dev" });
      stops.unshift(server.stop);
      const put = await fetch(served.url, { method: "PUT" });
      if (!put.ok) throw new Error(`registering with the Inngest dev server answered ${put.status}`);
      const relay = new OutboxRelay({
        db: b.db,
        sql: b.sql,
        send: (events) => served.client.send(events),
        logger: pino({ level: "silent" }),
      });
      await relay.start();
      stops.unshift(() => relay.stop());
      ctx = { db: b.db, actor, engine: { enqueue: storeInOutbox } };
    }
    const t0 = performance.now();
    // Every enabled instance (the bench database holds only these): an explicit list stops at 1,000.
    const s = await startBatch({ ctx, input: { category: "account" } });
    // A light poll (one row), so the bench itself adds no load.
    while (
      (await b.db.select({ status: syncSessions.status }).from(syncSessions).where(eq(syncSessions.id, s.id)))[0]?.status === "running"
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const wall = performance.now() - t0;
    const d = await getSyncSession(b.db, s.id);
    const completed = d.records.filter((r) => r.status === "completed").length;
    const perInstance = wall / INSTANCES;
    const overhead = (wall * PARALLEL - connectorMs) / INSTANCES;
    console.log(`\norchestration (${engine}): ${int(INSTANCES)}-instance manual batch, ${PARALLEL} at a time, stub connector`);
    console.log(`  wall ${ms(wall)}, ${completed} completed, connector time ${ms(connectorMs)} in all`);
    console.log(`  wall per instance ${ms(perInstance)}; engine time per instance (wall × ${PARALLEL} − connector) / N ${ms(overhead)}`);
    return [
      {
        target: `orchestration overhead per instance on the ${engine === "embedded" ? "embedded runner" : "real Inngest dev server"} (${int(INSTANCES)}-instance batch, ${PARALLEL} parallel)`,
        measured: `${ms(perInstance)} wall/instance, ${ms(overhead)} engine time/instance (${completed}/${INSTANCES} completed, ${(wall / 1000).toFixed(1)} s)`,
        met: null,
      },
    ];
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    registerConnector("mysql", mysqlConnector);
    await b.close();
  }
}

if (isMain(import.meta.url)) await runAlone("orchestration", () => orchestrationBench());
