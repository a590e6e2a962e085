"use server";

import { createBulkOperation } from "@/lib/bulk/create";
import { previewBulkOperation } from "@/lib/bulk/queries";
import { runAction } from "@/lib/http/action";
import { updateSchedule } from "@/lib/schedules/update";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { resyncInstance } from "@/lib/sync-sessions/resync-instance";
import { retryFailedInstances } from "@/lib/sync-sessions/retry-failed";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { updateSyncSession } from "@/lib/sync-sessions/update";

export async function startBatchAction(input: unknown) {
  return runAction(async (ctx) => {
    const session = await startBatch({ ctx, input });
    return { id: session.id };
  });
}

export async function cancelSessionAction(input: unknown) {
  return runAction(async (ctx) => {
    const s = await cancelSyncSession({ ctx, input });
    return { id: s.id, status: s.status };
  });
}

export async function retryFailedAction(input: unknown) {
  return runAction(async (ctx) => ({ id: (await retryFailedInstances({ ctx, input })).id }));
}

export async function resyncInstanceAction(input: unknown) {
  return runAction(async (ctx) => ({ id: (await resyncInstance({ ctx, input })).id }));
}

export async function updateSessionAction(input: unknown) {
  return runAction(async (ctx) => {
    const s = await updateSyncSession({ ctx, input });
    return { id: s.id, label: s.label, note: s.note, version: s.version };
  });
}

export async function updateScheduleAction(input: unknown) {
  return runAction((ctx) => updateSchedule({ ctx, input }));
}

export async function previewBulkSessionsAction(input: unknown) {
  return runAction((ctx) => previewBulkOperation(ctx.db, ctx.actor, input));
}

export async function startBulkSessionsAction(input: unknown) {
  return runAction(async (ctx) => (await createBulkOperation({ ctx, input })).operation);
}
