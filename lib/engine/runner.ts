import { Cron } from "croner";
import { and, eq, sql } from "drizzle-orm";
import type { Database, SqlClient } from "@/db/client";
import { workflowRuns, workflowSteps, type WorkflowRun } from "@/db/schema";
import type { Logger } from "pino";
import { ENGINE_CHANNEL, enqueueEvents } from "./enqueue";
import { durationMs, type AnyWorkflow, type EngineEvent, type StepTools } from "./workflow";

/** Shared by every Syncdeck process on one database: only the holder runs workflows. */
const LEADER_LOCK_KEY = 0x5dec0de;
/** Sleeps shorter than this wait in memory; longer ones free the slot and requeue the run. */
const INLINE_SLEEP_MS = 2_000;

class RunCancelled extends Error {}
class RunSuspended extends Error {
  constructor(readonly until: Date) {
    super("suspended");
  }
}

export type RunnerOptions = {
  db: Database;
  sql: SqlClient;
  workflows: readonly AnyWorkflow[];
  logger: Logger;
  maxParallelRuns?: number;
  pollMs?: number;
};

export type RunnerStatus = { leader: boolean; activeRuns: number; started: boolean };

/**
 * The embedded engine: one leader per database (advisory lock on a reserved connection) drains
 * queued workflow runs, memoizing each step in PostgreSQL so a restarted process resumes where
 * the last one stopped.
 */
export class EmbeddedRunner {
  private readonly active = new Map<string, Promise<void>>();
  private leaderConn: Awaited<ReturnType<SqlClient["reserve"]>> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly cronNext = new Map<string, Date>();

  constructor(private readonly opts: RunnerOptions) {}

  status(): RunnerStatus {
    return { leader: this.leaderConn !== null, activeRuns: this.active.size, started: this.loop !== null };
  }

  async start() {
    if (this.loop) return;
    const listener = await this.opts.sql.listen(ENGINE_CHANNEL, () => this.nudge());
    this.unlisten = () => listener.unlisten();
    this.loop = this.run();
  }

  async stop() {
    this.stopping = true;
    this.nudge();
    await this.loop;
    await Promise.allSettled(this.active.values());
    await this.unlisten?.().catch(() => {});
    await this.releaseLeadership();
  }

  /** Sends events as the embedded engine: queued runs, committed before this returns. */
  async send(events: EngineEvent[]) {
    await this.opts.db.transaction((tx) => enqueueEvents(tx, this.opts.workflows, events));
  }

  private nudge() {
    this.wake?.();
  }

  private async sleepUntilNudged(ms: number) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private async run() {
    const pollMs = this.opts.pollMs ?? 1_000;
    while (!this.stopping) {
      try {
        if (!this.leaderConn && !(await this.tryBecomeLeader())) {
          await this.sleepUntilNudged(pollMs * 3);
          continue;
        }
        await this.checkLeadership();
        if (!this.leaderConn) continue;
        await this.fireCrons();
        await this.claimAndStart();
      } catch (err) {
        this.opts.logger.error({ err: (err as Error).message }, "engine loop error");
      }
      await this.sleepUntilNudged(pollMs);
    }
  }

  private async tryBecomeLeader(): Promise<boolean> {
    const conn = await this.opts.sql.reserve();
    const [row] = await conn<{ locked: boolean }[]>`select pg_try_advisory_lock(${LEADER_LOCK_KEY}) as locked`;
    if (!row?.locked) {
      conn.release();
      return false;
    }
    this.leaderConn = conn;
    // Whatever was running belonged to a leader that is gone: run it again from its memoized steps.
    const resumed = await this.opts.db
      .update(workflowRuns)
      .set({ status: "queued", runAfter: sql`now()` })
      .where(eq(workflowRuns.status, "running"))
      .returning({ id: workflowRuns.id });
    this.opts.logger.info({ resumed: resumed.length }, "embedded engine is the leader");
    return true;
  }

  private async checkLeadership() {
    if (!this.leaderConn) return;
    try {
      await this.leaderConn`select 1`;
    } catch {
      this.opts.logger.warn("lost the engine leader connection; standing by");
      this.leaderConn = null;
    }
  }

  private async releaseLeadership() {
    const conn = this.leaderConn;
    this.leaderConn = null;
    if (!conn) return;
    await conn`select pg_advisory_unlock(${LEADER_LOCK_KEY})`.catch(() => {});
    conn.release();
  }

  private async fireCrons() {
    const now = new Date();
    for (const wf of this.opts.workflows) {
      const expr = wf.triggers.cron;
      if (!expr) continue;
      const due = this.cronNext.get(wf.id) ?? new Cron(expr).nextRun(now);
      if (!due) continue;
      if (due <= now) {
        await this.opts.db
          .insert(workflowRuns)
          .values({ workflowId: wf.id, eventName: "cron", eventData: {}, dedupeKey: `${wf.id}:cron:${due.toISOString()}` })
          .onConflictDoNothing({ target: workflowRuns.dedupeKey });
        this.cronNext.set(wf.id, new Cron(expr).nextRun(now) ?? due);
      } else {
        this.cronNext.set(wf.id, due);
      }
    }
  }

  private async claimAndStart() {
    const slots = (this.opts.maxParallelRuns ?? 8) - this.active.size;
    if (slots <= 0) return;
    const known = this.opts.workflows.map((w) => w.id);
    // One running run per concurrency key; skip runs of workflows this build does not know.
    const claimed = await this.opts.db.execute<{ id: string }>(sql`
      update workflow_runs set status = 'running', started_at = coalesce(started_at, now())
      where id in (
        select r.id from workflow_runs r
        where r.status = 'queued' and r.run_after <= now()
          and r.workflow_id in ${known}
          and (r.concurrency_key is null or not exists (
            select 1 from workflow_runs o where o.concurrency_key = r.concurrency_key and o.status = 'running'))
        order by r.run_after
        limit ${slots}
        for update skip locked)
      returning id`);
    for (const { id } of claimed) {
      const done = this.execute(id).finally(() => {
        this.active.delete(id);
        this.nudge();
      });
      this.active.set(id, done);
    }
  }

  private async execute(runId: string) {
    const { db, logger } = this.opts;
    const [run] = await db.select().from(workflowRuns).where(eq(workflowRuns.id, runId));
    const wf = run && this.opts.workflows.find((w) => w.id === run.workflowId);
    if (!run || !wf) return;
    const memo = new Map<string, unknown>();
    for (const s of await db.select().from(workflowSteps).where(eq(workflowSteps.runId, runId))) memo.set(s.stepId, s.output);

    try {
      await wf.handler(wf.input.parse(run.eventData), this.stepTools(run, memo), { db });
      await db
        .update(workflowRuns)
        .set({ status: "completed", finishedAt: new Date(), error: null })
        .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.status, "running")));
    } catch (err) {
      if (err instanceof RunCancelled) return;
      if (err instanceof RunSuspended) {
        await db
          .update(workflowRuns)
          .set({ status: "queued", runAfter: err.until })
          .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.status, "running")));
        return;
      }
      const attempt = run.attempt + 1;
      const message = (err as Error)?.message ?? String(err);
      const retry = attempt <= (wf.retries ?? 3);
      logger.warn({ runId, workflow: wf.id, attempt, retry, err: message }, "workflow run failed");
      await db
        .update(workflowRuns)
        .set(
          retry
            ? { status: "queued", attempt, error: message, runAfter: new Date(Date.now() + Math.min(60_000, 1_000 * 2 ** attempt)) }
            : { status: "failed", attempt, error: message, finishedAt: new Date() },
        )
        .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.status, "running")));
    }
  }

  private stepTools(run: WorkflowRun, memo: Map<string, unknown>): StepTools {
    const { db } = this.opts;
    const ensureRunning = async () => {
      if (this.stopping) throw new RunSuspended(new Date());
      const [row] = await db.select({ status: workflowRuns.status }).from(workflowRuns).where(eq(workflowRuns.id, run.id));
      if (row?.status !== "running") throw new RunCancelled();
    };
    const record = async (stepId: string, output: unknown) => {
      await db.insert(workflowSteps).values({ runId: run.id, stepId, output: output ?? null }).onConflictDoNothing();
      memo.set(stepId, output ?? null);
    };
    const tools: StepTools = {
      run: async <T>(id: string, fn: () => Promise<T>): Promise<T> => {
        if (memo.has(id)) return memo.get(id) as T;
        await ensureRunning();
        // Same JSON round trip as a memoized replay, so both paths return the same shape.
        const raw = await fn();
        const output = raw === undefined ? null : JSON.parse(JSON.stringify(raw));
        await record(id, output);
        return output as T;
      },
      sleep: async (id, duration) => {
        let until: number;
        if (memo.has(id)) until = (memo.get(id) as { until: number }).until;
        else {
          await ensureRunning();
          until = Date.now() + durationMs(duration);
          await record(id, { until });
        }
        const left = until - Date.now();
        if (left <= 0) return;
        if (left > INLINE_SLEEP_MS) throw new RunSuspended(new Date(until));
        await new Promise((r) => setTimeout(r, left));
      },
      sendEvent: (id, events) =>
        tools.run(id, async () => {
          const list = Array.isArray(events) ? events : [events];
          await db.transaction((tx) => enqueueEvents(tx, this.opts.workflows, list));
          return { ids: list.map((e) => e.id ?? null) };
        }),
    };
    return tools;
  }
}
