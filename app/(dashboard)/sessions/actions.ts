"use server";

import { runAction } from "@/lib/http/action";
import { startBatch } from "@/lib/sync-sessions/start-batch";

export async function startBatchAction(input: unknown) {
  return runAction(async (ctx) => {
    const session = await startBatch({ ctx, input });
    return { id: session.id };
  });
}
