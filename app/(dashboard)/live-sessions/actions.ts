"use server";

import { createBulkOperation } from "@/lib/bulk/create";
import { previewBulkOperation } from "@/lib/bulk/queries";
import { runAction } from "@/lib/http/action";
import { restartLiveSession } from "@/lib/live-sessions/restart";
import { setLiveSessionActive } from "@/lib/live-sessions/set-active";
import { setAutoSync } from "@/lib/live-sessions/set-auto-sync";
import { updateStreamIntervals } from "@/lib/live-sessions/update-intervals";

const summary = (s: { id: string; state: string; autoSyncEnabled: boolean; version: number }) => ({
  id: s.id,
  state: s.state,
  autoSyncEnabled: s.autoSyncEnabled,
  version: s.version,
});

export async function setAutoSyncAction(input: unknown) {
  return runAction(async (ctx) => summary(await setAutoSync({ ctx, input })));
}

export async function setLiveSessionActiveAction(input: unknown) {
  return runAction(async (ctx) => summary(await setLiveSessionActive({ ctx, input })));
}

export async function restartLiveSessionAction(input: unknown) {
  return runAction(async (ctx) => summary(await restartLiveSession({ ctx, input })));
}

export async function updateStreamIntervalsAction(input: unknown) {
  return runAction(async (ctx) => summary(await updateStreamIntervals({ ctx, input })));
}

export async function previewBulkLiveAction(input: unknown) {
  return runAction((ctx) => previewBulkOperation(ctx.db, ctx.actor, input));
}

export async function startBulkLiveAction(input: unknown) {
  return runAction(async (ctx) => (await createBulkOperation({ ctx, input })).operation);
}
