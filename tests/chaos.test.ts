import { beforeAll, describe, expect, it } from "vitest";
import { formatReport, runChaos } from "@/scripts/chaos/run";
import { useTestDatabase } from "./helpers/db";

// The short variant of `npm run test:chaos`: same module, fewer kills and instances.
describe("crash recovery under SIGKILL (short chaos run)", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("chaos");
  });

  it("kills the engine 3 times mid-batch and mid-live-sync; nothing is lost, duplicated or left unfinished", async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const report = await runChaos({
      dbUrl: t.url,
      upstreamUrl: t.url,
      seed,
      kills: 3,
      instances: 8,
      gameServers: 1,
      upMs: [500, 1800],
      settleTimeoutMs: 45_000,
    });
    console.log(`chaos (seed ${seed}): ${formatReport(report)}`);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ kills: 3, duplicates: 0, missing: 0, extra: 0, unfinished: 0, recordsFailed: 0 });
    expect(report.records).toBeGreaterThanOrEqual(8 * 3);
    expect(report.battlesCompared).toBeGreaterThan(0);
    expect(report.walletCompared).toBeGreaterThan(0);
    expect(report.cursorsChecked).toBe(12);
  }, 90_000);
});
