import { randomUUID } from "node:crypto";
import { alertDeliveries } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { notifyChange } from "@/lib/live/notify";
import { deliveryEvents } from "./events";
import { samplePayload } from "./payload";
import { getAlertDelivery, lockAlertRule } from "./queries";
import { sendTestInput } from "./schemas";

/** Queues a sample alert to the rule's destination (muted or disabled rules too); the delivery log shows the outcome. */
export async function sendTestAlert({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "alert_rule:write");
  const data = sendTestInput.parse(input);
  return inTransaction(ctx, async (tx, emit) => {
    const rule = await lockAlertRule(tx, data.ruleId);
    const [delivery] = await tx
      .insert(alertDeliveries)
      .values({ ruleId: rule.id, dedupeKey: `test:${randomUUID()}`, payload: samplePayload(rule), isTest: true })
      .returning({ id: alertDeliveries.id });
    await emit(...deliveryEvents([delivery!.id]));
    await writeAudit(tx, ctx.actor, {
      action: "alert_rule.test",
      targetType: "alert_rule",
      targetId: rule.id,
      details: { name: rule.name, deliveryId: delivery!.id },
    });
    await notifyChange(tx, "alert_delivery", delivery!.id, { ruleId: rule.id });
    return (await getAlertDelivery(tx, delivery!.id))!;
  });
}
