import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { upstreamAccounts } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { toInngestFunction } from "@/inngest/to-function";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";
import type { AnyWorkflow } from "@/lib/engine/workflow";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

describe("batch-sync as an Inngest function", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("inngest");
  });

  it("carries the definition's id, trigger, cancellation and concurrency", () => {
    const fn = toInngestFunction(inngest, batchSyncWorkflow as unknown as AnyWorkflow, () => ({ db: t.db }));
    const [config] = fn["getConfig"]({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: "syncdeck" });
    expect(config?.id).toBe("syncdeck-batch-sync");
    expect(config?.triggers).toEqual([{ event: "sync/batch.requested" }]);
    expect(config?.cancel?.[0]).toMatchObject({ event: "sync/batch.cancelled", if: "async.data.sessionId == event.data.sessionId" });
  });

  it("runs its steps for real against PostgreSQL and finalises the session", async () => {
    const ops = await makeUser(t.db, "ops");
    const good = await makePostgresInstance(t.db, t.url, "inngest-good");
    const bad = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:1/x", "inngest-bad");
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [good.id, bad.id] } });

    const engine = new InngestTestEngine({ function: toInngestFunction(inngest, batchSyncWorkflow as unknown as AnyWorkflow, () => ({ db: t.db })) });
    const { result, error } = await engine.execute({ events: [{ name: "sync/batch.requested", data: { sessionId: session.id } }] });
    expect(error).toBeUndefined();
    expect(result).toEqual({ sessionId: session.id, status: "completed" });

    const detail = await getSyncSession(t.db, session.id);
    expect(detail).toMatchObject({ status: "completed", successfulInstances: 1, failedInstances: 1 });
    const synced = detail.records.find((r) => r.instanceName === "inngest-good")!;
    expect(synced.itemsSynced).toBeGreaterThan(0);
    expect(await t.db.$count(upstreamAccounts, eq(upstreamAccounts.instanceId, good.id))).toBe(synced.itemsSynced);
    expect(detail.records.find((r) => r.instanceName === "inngest-bad")?.errorMessage).toMatch(/Connection refused/);
  });
});
