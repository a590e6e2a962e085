import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database, Executor, SqlClient } from "@/db/client";
import { engineOutbox } from "@/db/schema";
import { pgErrorCode } from "@/lib/errors";
import type { EngineEvent } from "./workflow";

export const OUTBOX_CHANNEL = "syncdeck_outbox";
/** Events per send: well under Inngest's request limits for the small events Syncdeck emits. */
const SEND_CHUNK = 100;
/** A claimed row another relay may retake if this one dies mid-send. */
const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;

/** Stores events for Inngest in the caller's transaction; each gets the stable id it is sent (and deduplicated) with. */
export async function storeInOutbox(tx: Executor, events: EngineEvent[]) {
  if (!events.length) return;
  await tx
    .insert(engineOutbox)
    .values(events.map((e) => ({ eventId: e.id ?? randomUUID(), name: e.name, data: e.data, ts: e.ts ?? null })))
    // The same deterministic id twice is one event, as Inngest would treat it.
    .onConflictDoNothing({ target: engineOutbox.eventId });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

export type OutboxBacklog = { backlog: number; oldestSeconds: number };

export async function outboxBacklog(db: Executor): Promise<OutboxBacklog> {
  const [row] = await db.execute<{ backlog: number; oldest: number | null }>(
    sql`select count(*)::int as backlog, extract(epoch from now() - min(created_at))::float8 as oldest from engine_outbox`,
  );
  return { backlog: row?.backlog ?? 0, oldestSeconds: Math.max(0, Math.round(Number(row?.oldest ?? 0))) };
}

export type SendEvents = (events: { id: string; name: string; data: Record<string, unknown>; ts?: number }[]) => Promise<unknown>;

export type OutboxRelayOptions = { db: Database; sql: SqlClient; send: SendEvents; logger: Logger; pollMs?: number };

/**
 * Relays the outbox to Inngest: claims due rows with a lease (so several processes share the work
 * and a dead one's claim expires), sends them with their stored ids, deletes what was accepted, and
 * backs a failed send off exponentially. Order is kept within a claim.
 */
export class OutboxRelay {
  private stopping = false;
  private wake: (() => void) | null = null;
  /** A notify arrived while a drain was in flight: drain again before sleeping. */
  private notified = false;
  private loop: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly opts: OutboxRelayOptions) {}

  async start() {
    if (this.loop) return;
    const listener = await this.opts.sql.listen(OUTBOX_CHANNEL, () => {
      this.notified = true;
      this.wake?.();
    });
    this.unlisten = () => listener.unlisten();
    this.loop = this.run();
  }

  async stop() {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.unlisten?.().catch(() => {});
  }

  /** Sends what is due now; returns how many events were accepted. */
  async drainOnce(): Promise<number> {
    const { db } = this.opts;
    const claimed = await db.execute<{
      id: string;
      event_id: string;
      name: string;
      data: Record<string, unknown>;
      ts: string | null;
      attempts: number;
      created_at: string;
    }>(sql`
      update engine_outbox set next_attempt_at = now() + ${`${LEASE_MS} milliseconds`}::interval
      where id in (
        select id from engine_outbox where next_attempt_at <= now()
        order by created_at, id limit ${SEND_CHUNK}
        for update skip locked)
      returning id, event_id, name, data, ts, attempts, created_at::text as created_at`);
    if (!claimed.length) return 0;
    // The update's returning order is not the claim's: restore it.
    const rows = [...claimed].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    const ids = rows.map((r) => r.id);
    try {
      await this.opts.send(rows.map((r) => ({ id: r.event_id, name: r.name, data: r.data, ...(r.ts ? { ts: Number(r.ts) } : {}) })));
    } catch (err) {
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10));
      // The send's own message (status, endpoint answer); never the event key, which the SDK keeps out of it.
      const message = ((err as Error)?.message ?? String(err)).slice(0, 300);
      await db.execute(sql`
        update engine_outbox set attempts = attempts + 1, last_error = ${message},
          next_attempt_at = now() + ${`${backoff} milliseconds`}::interval
        where id in ${ids}`);
      if (attempts === 1 || attempts % 10 === 0)
        this.opts.logger.warn(
          { events: rows.length, attempts, retryInMs: backoff, err: message },
          "sending events to Inngest failed; will retry",
        );
      throw new OutboxSendFailed(message);
    }
    await db.delete(engineOutbox).where(inArray(engineOutbox.id, ids));
    return rows.length;
  }

  private async run() {
    const pollMs = this.opts.pollMs ?? 1_000;
    let failures = 0;
    while (!this.stopping) {
      this.notified = false;
      try {
        // Drain while full chunks keep coming.
        while (!this.stopping && (await this.drainOnce()) >= SEND_CHUNK) {}
        failures = 0;
      } catch (err) {
        failures++;
        if (!(err instanceof OutboxSendFailed) && (failures === 1 || failures % 10 === 0))
          this.opts.logger.error({ err: (err as Error)?.message, code: pgErrorCode(err) }, "outbox relay error; backing off");
      }
      if (this.notified && !failures) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, failures ? Math.min(5_000, pollMs * 2 ** Math.min(failures, 3)) : pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}

class OutboxSendFailed extends Error {}
