import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { instanceRecords, upstreamAccounts, workflowRuns, workflowSteps } from "@/db/schema";
import { enqueueEvents } from "@/lib/engine/enqueue";
import { defineWorkflow, type AnyWorkflow } from "@/lib/engine/workflow";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { lockedBackend, makeRunner, waitFor } from "./helpers/runner";

describe("embedded engine", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("engine");
  });

  it("resumes a run a dead leader left behind, skipping memoized steps and without duplicates", async () => {
    const ops = await makeUser(t.db, "ops");
    const a = await makePostgresInstance(t.db, t.url, "resume-a");
    const b = await makePostgresInstance(t.db, t.url, "resume-b");
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "account", instanceIds: [a.id, b.id] } });
    const [run] = await t.db.select().from(workflowRuns).where(eq(workflowRuns.eventName, "sync/batch.requested"));
    const records = await t.db
      .select()
      .from(instanceRecords)
      .where(eq(instanceRecords.syncSessionId, session.id))
      .orderBy(instanceRecords.id);
    const [first, second] = records;

    // What a leader killed mid-run leaves: the run `running`, the record list memoized, record 1
    // done inside the interrupted instance step, record 2 claimed (`running`) but never committed.
    const { runInstanceRecord } = await import("@/lib/sync/run-instance-record");
    await runInstanceRecord(t.db, first!.id);
    await t.db.update(workflowRuns).set({ status: "running", startedAt: new Date() }).where(eq(workflowRuns.id, run!.id));
    await t.db.insert(workflowSteps).values([{ runId: run!.id, stepId: "list-instance-records", output: records.map((r) => r.id) }]);
    await t.db
      .update(instanceRecords)
      .set({ status: "running", attempt: 1, startedAt: new Date() })
      .where(eq(instanceRecords.id, second!.id));

    const runner = makeRunner(t);
    await runner.start();
    try {
      const done = await waitFor(async () => {
        const s = await getSyncSession(t.db, session.id);
        return s.status !== "running" && s;
      }, "resumed session to finish");
      expect(done).toMatchObject({ status: "completed", successfulInstances: 2, failedInstances: 0 });
      const byId = new Map(done.records.map((r) => [r.id, r]));
      expect(byId.get(first!.id)?.attempt).toBe(1); // finished: not run again
      expect(byId.get(second!.id)?.attempt).toBe(2); // interrupted: run again
      const [dupes] = await t.db.execute<{ count: number }>(
        // No (instance, name) pair twice.
        (await import("drizzle-orm"))
          .sql`select count(*)::int as count from (select instance_id, name from upstream_accounts group by 1, 2 having count(*) > 1) d`,
      );
      expect(dupes?.count).toBe(0);
      expect(await t.db.$count(upstreamAccounts, eq(upstreamAccounts.instanceId, a.id))).toBe(done.records[0]!.itemsSynced);
      // The session ends inside the run's last step; the run itself is marked a moment later.
      const finished = await waitFor(async () => {
        const [r] = await t.db.select().from(workflowRuns).where(eq(workflowRuns.id, run!.id));
        return r?.status !== "running" && r;
      }, "resumed run to be marked finished");
      expect(finished.status).toBe("completed");
    } finally {
      await runner.stop();
    }
  });

  it("has one leader per database and hands over when it stops", async () => {
    const seen: string[] = [];
    const probe = defineWorkflow({
      id: "probe",
      name: "probe",
      triggers: { events: ["test/probe"] },
      input: z.object({ n: z.number() }),
      handler: async ({ n }, step) => step.run("note", async () => void seen.push(String(n))),
    }) as unknown as AnyWorkflow;
    // Counts the second runner's attempts at the leader lock (each reserves a connection first).
    let attempts = 0;
    const counted = new Proxy(t.sql, {
      get(target, prop, receiver) {
        if (prop !== "reserve") return Reflect.get(target, prop, receiver);
        return () => (attempts++, target.reserve());
      },
    });
    const one = makeRunner(t, [probe]);
    const two = makeRunner({ ...t, sql: counted }, [probe]);
    await one.start();
    await waitFor(async () => one.status().leader, "first runner to lead");
    await two.start();
    // A second attempt starts only after the first one's answer: two has asked at least once.
    await waitFor(async () => attempts >= 2, "second runner to try the leader lock");
    expect(one.status().leader).toBe(true);
    expect(two.status().leader).toBe(false);

    await t.db.transaction((tx) => enqueueEvents(tx, [probe], [{ name: "test/probe", data: { n: 1 } }]));
    await waitFor(async () => seen.includes("1"), "probe 1 to run");
    await one.stop();
    await waitFor(async () => two.status().leader, "second runner to take over", 10_000);
    await t.db.transaction((tx) => enqueueEvents(tx, [probe], [{ name: "test/probe", data: { n: 2 } }]));
    await waitFor(async () => seen.includes("2"), "probe 2 to run");
    await two.stop();
    expect(seen).toEqual(["1", "2"]);
  });

  it("cancels queued and running runs when a cancelOn event arrives", async () => {
    // Step one of the first run blocks until the test releases it, so the cancel lands while the
    // run is inside a step; the second run of the same key waits behind it (one running per key).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inStepOne = new Promise<void>((r) => (entered = r));
    const started: string[] = [];
    const reachedTwo: string[] = [];
    const slow = defineWorkflow({
      id: "slow",
      name: "slow",
      triggers: { events: ["test/slow"] },
      cancelOn: [{ event: "test/stop", match: "key" }],
      concurrencyKey: "key",
      input: z.object({ key: z.string(), n: z.number() }),
      handler: async ({ key, n }, step) => {
        started.push(`${key}/${n}`);
        await step.run("one", async () => {
          if (key === "k1") {
            entered();
            await gate;
          }
        });
        await step.run("two", async () => void reachedTwo.push(`${key}/${n}`));
      },
    }) as unknown as AnyWorkflow;
    const runner = makeRunner(t, [slow]);
    const send = (name: string, data: Record<string, unknown>) => t.db.transaction((tx) => enqueueEvents(tx, [slow], [{ name, data }]));
    await send("test/slow", { key: "k1", n: 1 });
    await send("test/slow", { key: "k1", n: 2 });
    await runner.start();
    try {
      await inStepOne;
      const runs = await t.db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, "slow")).orderBy(workflowRuns.createdAt);
      expect(runs.map((r) => r.status)).toEqual(["running", "queued"]);
      const [running, queued] = runs;

      await send("test/stop", { key: "k1" });
      release();
      // The engine lets go of the cancelled run: its step in flight ends, the next one never starts.
      await waitFor(async () => runner.status().activeRuns === 0, "the cancelled run to leave the engine");
      // A run of another key, sent after the cancel, completes: the engine has claimed from the queue
      // since, and did not pick the cancelled queued run.
      await send("test/slow", { key: "k2", n: 3 });
      await waitFor(async () => reachedTwo.includes("k2/3"), "a run of another key to complete");

      expect(started).toEqual(["k1/1", "k2/3"]);
      expect(reachedTwo).toEqual(["k2/3"]);
      const steps = await t.db.select().from(workflowSteps).where(eq(workflowSteps.runId, running!.id));
      expect(steps.map((s) => s.stepId)).toEqual(["one"]);
      const after = new Map((await t.db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, "slow"))).map((r) => [r.id, r]));
      // Not overwritten by the engine finishing the handler, and the queued one never started.
      expect(after.get(running!.id)).toMatchObject({ status: "cancelled", error: "cancelled by test/stop" });
      expect(after.get(queued!.id)).toMatchObject({ status: "cancelled", startedAt: null });
    } finally {
      release();
      await runner.stop();
    }
  });

  it("deduplicates events sent with the same id", async () => {
    const wf = defineWorkflow({
      id: "dedupe",
      name: "dedupe",
      triggers: { events: ["test/dedupe"] },
      input: z.object({}),
      handler: async () => {},
    }) as unknown as AnyWorkflow;
    for (let i = 0; i < 3; i++) await t.db.transaction((tx) => enqueueEvents(tx, [wf], [{ name: "test/dedupe", data: {}, id: "same" }]));
    expect(await t.db.$count(workflowRuns, eq(workflowRuns.workflowId, "dedupe"))).toBe(1);
  });
});

describe("embedded engine when its database connections drop mid-run", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("engine_drop");
  });

  it("resumes a run whose connection dropped while the runner was requeueing another interrupted run", async () => {
    const gates = new Map<string, () => void>();
    const waiting = new Set<string>();
    const wf = defineWorkflow({
      id: "drop-probe",
      name: "drop-probe",
      triggers: { events: ["test/drop-probe"] },
      input: z.object({ name: z.string() }),
      handler: async ({ name }, step) =>
        step.run("work", () => {
          waiting.add(name);
          return new Promise<string>((resolve) => gates.set(name, () => resolve(name)));
        }),
    }) as unknown as AnyWorkflow;
    await t.db.transaction((tx) =>
      enqueueEvents(
        tx,
        [wf],
        [
          { name: "test/drop-probe", data: { name: "a" } },
          { name: "test/drop-probe", data: { name: "b" } },
        ],
      ),
    );
    const runs = await t.db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, "drop-probe"));
    const byName = new Map(runs.map((r) => [r.eventData.name as string, r.id]));
    const { default: postgres } = await import("postgres");
    const { inArray } = await import("drizzle-orm");
    const probe = postgres(t.url, { max: 1, onnotice: () => {}, connection: { application_name: "probe" } });
    const locker = postgres(t.url, { max: 1, onnotice: () => {}, connection: { application_name: "locker" } });
    const runner = makeRunner(t, [wf]);
    await runner.start();
    let release!: () => void;
    let held: Promise<unknown> | undefined;
    try {
      await waitFor(async () => waiting.has("a") && waiting.has("b"), "both runs to be in their step");
      // Hold both run rows (a lock their `completed` update and any requeue must wait for; the step
      // memo's foreign key check is not blocked by it).
      const locked = new Promise<void>((resolveLocked) => {
        held = locker.begin(async (tx) => {
          await tx`select id from workflow_runs where id in ${tx([byName.get("a")!, byName.get("b")!])} for no key update`;
          resolveLocked();
          await new Promise<void>((r) => (release = r));
        });
      });
      await locked;
      const completing = 'update "workflow_runs" set "status" = $1, "error" = $2, "finished_at"';
      // Run a finishes its step; its connection drops while it marks itself completed.
      gates.get("a")!();
      await probe`select pg_terminate_backend(${await lockedBackend(probe, completing)})`;
      // The runner requeues run a (and waits for the lock); meanwhile run b's connection drops the same way.
      await lockedBackend(probe, 'update "workflow_runs" set "status" = $1, "run_after" = now()');
      gates.get("b")!();
      await probe`select pg_terminate_backend(${await lockedBackend(probe, completing)})`;
      // Both runs' bookkeeping has failed and left the runner before the locks go.
      await waitFor(async () => runner.status().activeRuns === 0, "both interrupted runs to leave the runner");
      release();
      await held;
      // Both are resumed from their memoized step and complete: neither is left `running` for good.
      for (const name of ["a", "b"]) {
        const finished = await waitFor(
          async () => {
            const [r] = await t.db
              .select()
              .from(workflowRuns)
              .where(eq(workflowRuns.id, byName.get(name)!));
            return r?.status === "completed" && r;
          },
          `run ${name} to complete after its connection dropped`,
          15_000,
        );
        expect(finished.status).toBe("completed");
      }
      expect(await t.db.$count(workflowSteps, inArray(workflowSteps.runId, [...byName.values()]))).toBe(2);
    } finally {
      release?.();
      await held?.catch(() => {});
      for (const open of gates.values()) open();
      await runner.stop();
      await probe.end();
      await locker.end();
    }
  });
});
