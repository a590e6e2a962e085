import type { Database, Transaction } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { EngineEvent } from "@/lib/engine/workflow";

/**
 * How a verb hands events to the engine. The embedded engine writes runs inside the
 * verb's transaction; Inngest can only be told after the commit.
 */
export type EnginePort =
  | { kind: "transactional"; enqueue(tx: Transaction, events: EngineEvent[]): Promise<void> }
  | { kind: "after_commit"; publish(events: EngineEvent[]): Promise<void> };

export type Ctx = { db: Database; actor: Actor; engine: EnginePort };

export type Emit = (...events: EngineEvent[]) => Promise<void>;

/** One transaction per mutation; events emitted inside reach the engine exactly when it commits. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Transaction, emit: Emit) => Promise<T>): Promise<T> {
  const afterCommit: EngineEvent[] = [];
  const result = await ctx.db.transaction(async (tx) =>
    fn(tx, async (...events) => {
      if (ctx.engine.kind === "transactional") await ctx.engine.enqueue(tx, events);
      else afterCommit.push(...events);
    }),
  );
  if (afterCommit.length && ctx.engine.kind === "after_commit") await ctx.engine.publish(afterCommit);
  return result;
}
