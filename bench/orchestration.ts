/**
 * Orchestration overhead of a 1,000-instance manual account batch on the embedded runner: the
 * connector is replaced (in this process only) by one that answers at once with three roles, so
 * what remains is the engine: queueing, step memos, instance locks, records, the upsert, finalize.
 * Run: npx tsx bench/orchestration.ts
 */
import { eq } from "drizzle-orm";
import { authUsers, instances, syncSessions } from "@/db/schema";
import { registerConnector } from "@/lib/connectors";
import { mysqlConnector } from "@/lib/connectors/mysql";
import type { DatabaseConnector, UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { encryptSecret } from "@/lib/crypto/secrets";
import { enqueueEvents } from "@/lib/engine/enqueue";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { workflows } from "@/lib/workflows";
import { benchDatabase, benchRunner, int, isMain, ms, runAlone, type BenchResult } from "./support";

const INSTANCES = 1000;
const PARALLEL = 4; // PARALLEL_INSTANCES in lib/sync/batch-workflow.ts

export async function orchestrationBench(): Promise<BenchResult[]> {
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
  const b = await benchDatabase("bench_orch");
  registerConnector("mysql", stub);
  const runner = benchRunner(b);
  try {
    await b.db.insert(authUsers).values({ id: "bench-ops", name: "bench", email: "bench@local", role: "ops" }).onConflictDoNothing();
    const secret = encryptSecret("mysql://stub:stub@127.0.0.1:9/stub");
    const ids = (
      await b.db
        .insert(instances)
        .values(
          Array.from({ length: INSTANCES }, (_, i) => ({
            name: `stub-${i}`,
            kind: "mysql" as const,
            secretCiphertext: secret,
            endpoint: "127.0.0.1:9",
          })),
        )
        .returning({ id: instances.id })
    ).map((r) => r.id);
    const ctx = {
      db: b.db,
      actor: { type: "user" as const, id: "bench-ops", label: "bench", role: "ops" as const },
      engine: {
        enqueue: (tx: Parameters<typeof enqueueEvents>[0], events: Parameters<typeof enqueueEvents>[2]) =>
          enqueueEvents(tx, workflows, events),
      },
    };
    await runner.start();
    const t0 = performance.now();
    const s = await startBatch({ ctx, input: { category: "account", instanceIds: ids } });
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
    console.log(`\norchestration: ${int(INSTANCES)}-instance manual batch, ${PARALLEL} at a time, stub connector`);
    console.log(`  wall ${ms(wall)}, ${completed} completed, connector time ${ms(connectorMs)} in all`);
    console.log(`  wall per instance ${ms(perInstance)}; engine time per instance (wall × ${PARALLEL} − connector) / N ${ms(overhead)}`);
    return [
      {
        target: `orchestration overhead per instance (1,000-instance batch, ${PARALLEL} parallel)`,
        measured: `${ms(perInstance)} wall/instance, ${ms(overhead)} engine time/instance (${completed}/${INSTANCES} completed, ${(wall / 1000).toFixed(1)} s)`,
        met: null,
      },
    ];
  } finally {
    await runner.stop();
    registerConnector("mysql", mysqlConnector);
    await b.close();
  }
}

if (isMain(import.meta.url)) await runAlone("orchestration", () => orchestrationBench());
