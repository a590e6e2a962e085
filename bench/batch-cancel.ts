/**
 * A manual account batch over 20 PostgreSQL instances on the embedded runner: wall time, and
 * how long after cancel the last running instance stops (cancel-to-quiet).
 * Run: npx tsx bench/batch-cancel.ts
 */
import { eq } from "drizzle-orm";
import { authUsers, instances } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { postgresEndpoint } from "@/lib/connectors/postgres";
import { enqueueEvents } from "@/lib/engine/enqueue";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { workflows } from "@/lib/workflows";
import { benchDatabase, benchRunner, isMain, latencyProxy, ms, runAlone, type BenchResult } from "./support";

const INSTANCES = 20;

export async function batchCancelBench(): Promise<BenchResult[]> {
  const b = await benchDatabase("bench_batch");
  const ctx = {
    db: b.db,
    actor: { type: "user" as const, id: "bench-ops", label: "bench", role: "ops" as const },
    engine: {
      enqueue: (tx: Parameters<typeof enqueueEvents>[0], events: Parameters<typeof enqueueEvents>[2]) =>
        enqueueEvents(tx, workflows, events),
    },
  };
  await b.db.insert(authUsers).values({ id: "bench-ops", name: "bench", email: "bench@local", role: "ops" }).onConflictDoNothing();

  async function instancesVia(url: string, tag: string) {
    const ids: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const [row] = await b.db
        .insert(instances)
        .values({ name: `${tag}-${i}`, kind: "postgres", secretCiphertext: encryptSecret(url), endpoint: postgresEndpoint(url) })
        .returning();
      ids.push(row!.id);
    }
    return ids;
  }

  async function runBatch(ids: string[]) {
    const t0 = performance.now();
    const s = await startBatch({ ctx, input: { category: "account", instanceIds: ids } });
    for (;;) {
      const d = await getSyncSession(b.db, s.id);
      if (d.status !== "running") return { wall: performance.now() - t0, detail: d };
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const runner = benchRunner(b);
  await runner.start();
  const target = new URL(b.url);
  const rows: [string, string][] = [];
  let shownMs = NaN;
  let quietMs = NaN;
  try {
    const direct = await instancesVia(b.url, "direct");
    const first = await runBatch(direct);
    rows.push([`wall time, ${INSTANCES} instances, local server (first sync)`, ms(first.wall)]);
    const again = await runBatch(direct);
    rows.push([`wall time, ${INSTANCES} instances, local server (re-sync)`, ms(again.wall)]);
    await b.db.update(instances).set({ enabled: false }).where(eq(instances.enabled, true));

    // 50 ms each way per packet: every sync takes a few round trips, like a remote server.
    const proxy = await latencyProxy({ host: target.hostname, port: Number(target.port) }, 50);
    const remoteUrl = new URL(b.url);
    remoteUrl.port = String(proxy.port);
    const remote = await instancesVia(remoteUrl.toString(), "remote");
    const slow = await runBatch(remote);
    rows.push([`wall time, ${INSTANCES} instances, +50 ms latency per packet`, ms(slow.wall)]);

    // Cancel while four instances are running and the rest are pending.
    const s = await startBatch({ ctx, input: { category: "account", instanceIds: remote } });
    for (;;) {
      const d = await getSyncSession(b.db, s.id);
      if (d.records.filter((r) => r.status === "running").length >= 4) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const c0 = performance.now();
    await cancelSyncSession({ ctx, input: { sessionId: s.id } });
    const shown = performance.now() - c0;
    while (runner.status().activeRuns > 0) await new Promise((r) => setTimeout(r, 5));
    const quiet = performance.now() - c0;
    const d = await getSyncSession(b.db, s.id);
    shownMs = shown;
    quietMs = quiet;
    rows.push(["cancel → session shows cancelled", ms(shown)]);
    rows.push(["cancel → last running instance stopped (engine quiet)", ms(quiet)]);
    rows.push([
      "records after cancel",
      `${d.records.filter((r) => r.status === "cancelled").length} cancelled, ${d.records.filter((r) => r.status === "completed").length} completed`,
    ]);
    await proxy.close();
  } finally {
    await runner.stop();
    await b.close();
  }
  console.log("\nbatch of 20 instances (embedded runner, 4 instances at a time)");
  for (const [k, v] of rows) console.log(`  ${k.padEnd(58)} ${v}`);
  return [
    {
      target: "cancel stops new work within 1 s (cancel → engine quiet)",
      measured: `${ms(quietMs)} (shown cancelled after ${ms(shownMs)})`,
      met: quietMs < 1000,
    },
    {
      target: `batch of ${INSTANCES} instances, +50 ms per packet (wall)`,
      measured: rows.find(([k]) => k.includes("+50 ms"))?.[1] ?? "—",
      met: null,
    },
  ];
}

if (isMain(import.meta.url)) await runAlone("batch-cancel", () => batchCancelBench());
