import { eq, sql } from "drizzle-orm";
import { alertRules } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { lockAlertRule, toPublicRule } from "./queries";
import { muteAlertRuleInput } from "./schemas";

const YEAR_MS = 366 * 86_400_000;

/**
 * Mutes a rule until a time, or unmutes it (`until: null`). Unmuting stores "now", so what happened
 * while muted is never sent afterwards. Not a content change: the version stays.
 */
export async function muteAlertRule({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "alert_rule:write");
  const data = muteAlertRuleInput.parse(input);
  const until = data.until === null ? null : new Date(data.until);
  if (until && until.getTime() <= Date.now()) throw new AppError("bad_request:alert_rule", "Mute until a time in the future");
  if (until && until.getTime() > Date.now() + YEAR_MS) throw new AppError("bad_request:alert_rule", "Mute for at most a year");
  return inTransaction(ctx, async (tx) => {
    const rule = await lockAlertRule(tx, data.ruleId);
    const [updated] = await tx
      .update(alertRules)
      .set({ mutedUntil: until ?? sql`least(coalesce(${alertRules.mutedUntil}, now()), now())`, updatedAt: sql`now()` })
      .where(eq(alertRules.id, rule.id))
      .returning();
    await writeAudit(tx, ctx.actor, {
      action: until ? "alert_rule.mute" : "alert_rule.unmute",
      targetType: "alert_rule",
      targetId: rule.id,
      details: { name: rule.name, until: until?.toISOString() ?? null },
    });
    await notifyChange(tx, "alert_rule", rule.id);
    return toPublicRule(tx, updated!);
  });
}
