import type { Database, Transaction } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { EngineEvent } from "@/lib/engine/workflow";

/**
 * How a verb hands events to the engine: inside its transaction, as queued runs (embedded engine) or
 * outbox rows relayed to Inngest after the commit; either way they exist exactly when the change does.
 */
export type EnginePort = { enqueue(tx: Transaction, events: EngineEvent[]): Promise<void> };

export type Ctx = { db: Database; actor: Actor; engine: EnginePort };

export type Emit = (...events: EngineEvent[]) => Promise<void>;

/** One transaction per mutation; events emitted inside reach the engine exactly when it commits. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Transaction, emit: Emit) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => fn(tx, (...events) => ctx.engine.enqueue(tx, events)));
}
