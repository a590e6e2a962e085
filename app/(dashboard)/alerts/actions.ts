"use server";

import { createAlertRule } from "@/lib/alerts/create";
import { deleteAlertRule } from "@/lib/alerts/delete";
import { muteAlertRule } from "@/lib/alerts/mute";
import { getAlertDelivery } from "@/lib/alerts/queries";
import { sendTestAlert } from "@/lib/alerts/send-test";
import { updateAlertRule } from "@/lib/alerts/update";
import { requirePermission } from "@/lib/auth/permissions";
import { runAction } from "@/lib/http/action";
import { isUuid } from "@/lib/ids";

export async function createAlertRuleAction(input: unknown) {
  return runAction((ctx) => createAlertRule({ ctx, input }));
}

export async function updateAlertRuleAction(input: unknown) {
  return runAction((ctx) => updateAlertRule({ ctx, input }));
}

export async function deleteAlertRuleAction(input: unknown) {
  return runAction((ctx) => deleteAlertRule({ ctx, input }));
}

export async function muteAlertRuleAction(input: unknown) {
  return runAction((ctx) => muteAlertRule({ ctx, input }));
}

export async function sendTestAlertAction(input: unknown) {
  return runAction((ctx) => sendTestAlert({ ctx, input }));
}

/** How a test delivery is doing, for the toast that follows it. */
export async function getAlertDeliveryAction(id: string) {
  return runAction(async (ctx) => {
    requirePermission(ctx.actor, "dashboard:read");
    return typeof id === "string" && isUuid(id) ? getAlertDelivery(ctx.db, id) : null;
  });
}
