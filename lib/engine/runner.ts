import { Cron } from "croner";
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Database, SqlClient } from "@/db/client";
import { workflowRuns, workflowSteps, type WorkflowRun } from "@/db/schema";
import type { Logger } from "pino";
import { UpstreamError } from "@/lib/connectors/types";
import { ENGINE_CHANNEL, enqueueEvents } from "./enqueue";
import { durationMs, type AnyWorkflow, type EngineEvent, type StepTools } from "./workflow";
import { pgErrorCode } from "@/lib/errors";

/** Shared by every Syncdeck process on one database: only the holder runs workflows. */
const LEADER_LOCK_KEY = 0x5dec0de;
/** Sleeps shorter than this wait in memory; longer ones free the slot and requeue the run. */
const INLINE_SLEEP_MS = 2_000;
/** Longest pause between loop attempts while the database keeps failing. */
const MAX_BACKOFF_MS = 5_000;

/** Driver and server codes meaning "our database is not there right now" (restart, shutdown, network). */
const DB_UNAVAILABLE =
  /^(CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|57P0[123]|08\w{3})$/;

function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    // An upstream's connection trouble is the workflow's to handle (and retry), not the engine's.
    if (e instanceof UpstreamError) return false;
    if (typeof e.code === "string" && DB_UNAVAILABLE.test(e.code)) return true;
  }
  return false;
}

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

export type RunnerStatus = { leader: boolean; activeRuns: number; started: boolean; paused: boolean };

/**
 * The embedded engine: one leader per database (advisory lock on a reserved connection) drains
 * queued workflow runs, memoizing each step in PostgreSQL so a restarted process resumes where
 * the last one stopped.
 */
export class EmbeddedRunner {
  private readonly active = new Map<string, Promise<void>>();
  private leaderConn: Awaited<ReturnType<SqlClient["reserve"]>> | null = null;
  private leaderPid: number | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly cronNext = new Map<string, Date>();
  /** Loop attempts that failed in a row (database down): the loop backs off while > 0. */
  private failures = 0;
  /**
   * Stranded runs: rows left `running` that nobody executes (a run whose bookkeeping failed when the
   * database went away, a claim whose answer was lost, the runs of a previous leader). Every event
   * that may strand one bumps `strandedGen`; the leader's loop then requeues every `running` run it
   * is not executing, and counts the sweep done only for the generation it started under, so a run
   * interrupted while a sweep is in flight is swept by the next one (never forgotten).
   */
  private strandedGen = 0;
  private sweptGen = 0;

  constructor(private readonly opts: RunnerOptions) {}

  status(): RunnerStatus {
    return { leader: this.leaderConn !== null, activeRuns: this.active.size, started: this.loop !== null, paused: this.failures > 0 };
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
        await this.requeueStranded();
        await this.claimAndStart();
        if (this.failures > 0) this.opts.logger.info({ failures: this.failures }, "engine reconnected to the database; resuming");
        this.failures = 0;
      } catch (err) {
        // Database down or restarting: pause with exponential backoff instead of spinning. A statement
        // that failed here may still have committed (a claim whose answer was lost): sweep afterwards.
        this.failures++;
        this.strandedGen++;
        const entry = { err: (err as Error).message, code: pgErrorCode(err), failures: this.failures };
        if (this.failures === 1 || this.failures % 10 === 0) this.opts.logger.error(entry, "engine loop error; backing off");
        else this.opts.logger.debug(entry, "engine loop error; backing off");
        await this.sleepUntilNudged(Math.min(MAX_BACKOFF_MS, pollMs * 2 ** Math.min(this.failures, 10)));
        continue;
      }
      await this.sleepUntilNudged(pollMs);
    }
  }

  private async tryBecomeLeader(): Promise<boolean> {
    const conn = await this.opts.sql.reserve();
    // On error the connection is not released: it is most likely dead, and a released dead
    // connection would go back to the pool as if open.
    const [row] = await conn<
      { locked: boolean; pid: number }[]
    >`select pg_try_advisory_lock(${LEADER_LOCK_KEY}) as locked, pg_backend_pid() as pid`;
    if (!row?.locked) {
      conn.release();
      return false;
    }
    this.leaderConn = conn;
    this.leaderPid = row.pid;
    // Whatever was running belonged to a leader that is gone (or to this process before a database
    // restart, minus what this process is still executing): the loop's sweep runs it again from its
    // memoized steps, and keeps trying until that sweep succeeds (it used to be tried once, here, and
    // a failure on a dead pool connection right after a restart left those runs `running` for good).
    this.strandedGen++;
    this.opts.logger.info("embedded engine is the leader");
    return true;
  }

  /**
   * As the leader, every `running` run this process is not executing is stranded (only the leader
   * executes runs): requeue them, to resume from their memoized steps. Only after something may have
   * stranded one (see `strandedGen`).
   */
  private async requeueStranded() {
    const gen = this.strandedGen;
    if (this.sweptGen >= gen) return;
    const mine = [...this.active.keys()];
    const resumed = await this.opts.db
      .update(workflowRuns)
      .set({ status: "queued", runAfter: sql`now()` })
      .where(and(eq(workflowRuns.status, "running"), mine.length ? notInArray(workflowRuns.id, mine) : undefined))
      .returning({ id: workflowRuns.id });
    this.sweptGen = gen;
    if (resumed.length) this.opts.logger.info({ resumed: resumed.length }, "requeued interrupted workflow runs");
  }

  /**
   * Whether the leader's backend still holds the lock, asked through the pool: a query on the
   * reserved connection after its server went away would throw from inside the driver (postgres.js
   * writes to a socket it has already dropped), so that connection is only used while alive.
   */
  private async stillLeader(): Promise<boolean> {
    const [row] = await this.opts.db.execute<{ held: boolean }>(
      sql`select exists (select 1 from pg_locks where locktype = 'advisory' and granted and pid = ${this.leaderPid}) as held`,
    );
    return row?.held === true;
  }

  private async checkLeadership() {
    if (!this.leaderConn) return;
    if (await this.stillLeader()) return;
    this.opts.logger.warn("lost the engine leader connection; standing by");
    // Its connection closed with its backend; the pool has already taken it back as closed.
    this.leaderConn = null;
    this.leaderPid = null;
  }

  private async releaseLeadership() {
    const conn = this.leaderConn;
    if (!conn) return;
    const alive = await this.stillLeader().catch(() => false);
    this.leaderConn = null;
    this.leaderPid = null;
    if (!alive) return;
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
          and (r.concurrency_key is null or (
            not exists (select 1 from workflow_runs o where o.concurrency_key = r.concurrency_key and o.status = 'running')
            -- and only the first due run of its key: two due runs of one key (a requeued run and its
            -- successor) must not both be claimed by this one statement.
            and not exists (
              select 1 from workflow_runs o where o.concurrency_key = r.concurrency_key and o.status = 'queued'
                and o.run_after <= now() and (o.run_after, o.id) < (r.run_after, r.id))))
        order by r.run_after
        limit ${slots}
        for update skip locked)
      returning id`);
    for (const { id } of claimed) {
      const done: Promise<void> = this.execute(id)
        .catch((err) => {
          // Its bookkeeping failed (database gone mid-run): it stays `running` until the next sweep
          // requeues it. Out of `active` before the bump, so no sweep can both see the bump and skip it.
          if (this.active.get(id) === done) this.active.delete(id);
          this.strandedGen++;
          this.opts.logger.error({ runId: id, err: (err as Error)?.message, code: pgErrorCode(err) }, "workflow run interrupted");
        })
        .finally(() => {
          if (this.active.get(id) === done) this.active.delete(id);
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
      // The engine's own database went away: not the workflow's fault, so no retry is spent.
      if (isDatabaseUnavailable(err)) throw err;
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
      await db
        .insert(workflowSteps)
        .values({ runId: run.id, stepId, output: output ?? null })
        .onConflictDoNothing();
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
      // The events and the step's memo commit in one transaction: the step is recorded exactly when
      // what it sent exists, so a run interrupted around it sends them (again, deduplicated by id) on resume.
      sendEvent: async (id, events) => {
        if (memo.has(id)) return memo.get(id);
        await ensureRunning();
        const list = Array.isArray(events) ? events : [events];
        const output = { ids: list.map((e) => e.id ?? null) };
        await db.transaction(async (tx) => {
          await enqueueEvents(tx, this.opts.workflows, list);
          await tx.insert(workflowSteps).values({ runId: run.id, stepId: id, output }).onConflictDoNothing();
        });
        memo.set(id, output);
        return output;
      },
    };
    return tools;
  }
}
