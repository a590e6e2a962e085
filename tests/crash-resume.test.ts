import { spawn } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { instanceRecords } from "@/db/schema";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase, withServerRoleLock } from "./helpers/db";
import { makeRunner, waitFor } from "./helpers/runner";

describe("kill -9 mid-run", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("crash");
  });

  // Counts compare across instances: hold the server's role lock so no other test adds roles meanwhile.
  it(
    "a new process finishes the run with correct counts and no duplicate rows",
    () =>
      withServerRoleLock(t.serverUrl, async () => {
        const ops = await makeUser(t.db, "ops");
        const ids: string[] = [];
        for (let i = 0; i < 40; i++) ids.push((await makePostgresInstance(t.db, t.url, `crash-${String(i).padStart(2, "0")}`)).id);
        const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: ids } });

        const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/engine-child.ts", t.url], {
          stdio: ["ignore", "pipe", "inherit"],
          env: { ...process.env, SYNCDECK_ENCRYPTION_KEY: process.env.SYNCDECK_ENCRYPTION_KEY },
        });
        const exited = new Promise((r) => child.once("exit", r));
        // Kill as soon as some instances are done and others are not.
        const done = await waitFor(
          async () => {
            const [row] = await t.db.execute<{ n: number }>(
              sql`select count(*)::int as n from instance_records where sync_session_id = ${session.id} and status = 'completed'`,
            );
            return (row?.n ?? 0) >= 4 && row!.n;
          },
          "the child to complete a few instances",
          60_000,
        );
        child.kill("SIGKILL");
        await exited;
        const [left] = await t.db.execute<{ n: number }>(
          sql`select count(*)::int as n from instance_records where sync_session_id = ${session.id} and status in ('pending', 'running')`,
        );
        expect(done).toBeLessThan(40);
        expect(left!.n).toBeGreaterThan(0);

        const runner = makeRunner(t);
        await runner.start();
        try {
          const finished = await waitFor(
            async () => {
              const s = await getSyncSession(t.db, session.id);
              return s.status !== "running" && s;
            },
            "the resumed run to finish",
            60_000,
          );
          expect(finished).toMatchObject({ status: "completed", successfulInstances: 40, failedInstances: 0, totalInstances: 40 });
          const records = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
          const synced = records[0]!.itemsSynced;
          expect(records.every((r) => r.status === "completed" && r.itemsSynced === synced && r.itemsCreated === synced)).toBe(true);
          const [dupes] = await t.db.execute<{ n: number }>(
            sql`select count(*)::int as n from (select 1 from upstream_accounts group by instance_id, name having count(*) > 1) d`,
          );
          expect(dupes!.n).toBe(0);
          const [rows] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from upstream_accounts`);
          expect(rows!.n).toBe(40 * synced);
        } finally {
          await runner.stop();
        }
      }),
    120_000,
  );
});
