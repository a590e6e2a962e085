import { eq } from "drizzle-orm";
import { alertRules } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { notifyChange } from "@/lib/live/notify";
import { lockAlertRule, toPublicRule } from "./queries";
import { deleteAlertRuleInput } from "./schemas";

/** Deletes a rule and its delivery log; deliveries still retrying stop at their next attempt. */
export async function deleteAlertRule({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "alert_rule:write");
  const data = deleteAlertRuleInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const rule = await lockAlertRule(tx, data.ruleId, data.expectedVersion);
    const shown = await toPublicRule(tx, rule);
    await tx.delete(alertRules).where(eq(alertRules.id, rule.id));
    await writeAudit(tx, ctx.actor, {
      action: "alert_rule.delete",
      targetType: "alert_rule",
      targetId: rule.id,
      details: { name: rule.name },
    });
    await notifyChange(tx, "alert_rule", rule.id);
    return shown;
  });
}
