import { eq, sql } from "drizzle-orm";
import { alertRules } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secrets";
import { notifyChange } from "@/lib/live/notify";
import { refuseDisallowedTarget } from "@/lib/security/refuse-target";
import { lockAlertRule, toPublicRule } from "./queries";
import { updateAlertRuleInput } from "./schemas";
import { assertValidRule } from "./validate";

/** Changes a rule with optimistic locking (412 on a stale version); omitted fields, URL and secret keep their value. */
export async function updateAlertRule({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "alert_rule:write");
  const data = updateAlertRuleInput.parse(input);
  if (data.url !== undefined) await refuseDisallowedTarget(data.url, "url");
  return inTransaction(ctx, async (tx) => {
    const rule = await lockAlertRule(tx, data.ruleId, data.expectedVersion);
    const scope = data.scope ?? rule.scope;
    const condition = data.condition ?? rule.condition;
    const next = {
      name: data.name ?? rule.name,
      scope,
      scopeRef: scope === "all" ? null : data.scopeRef !== undefined ? data.scopeRef : scope !== rule.scope ? null : rule.scopeRef,
      condition,
      // A condition change without a threshold drops the old one (its unit may differ).
      threshold:
        data.threshold !== undefined ? data.threshold : data.condition && data.condition !== rule.condition ? null : rule.threshold,
      destination: data.destination ?? rule.destination,
      enabled: data.enabled ?? rule.enabled,
    };
    const secret =
      data.signingSecret === undefined
        ? rule.signingSecretEncrypted
        : data.signingSecret === null
          ? null
          : encryptSecret(data.signingSecret);
    await assertValidRule(tx, { ...next, hasSecret: secret !== null });
    const [updated] = await tx
      .update(alertRules)
      .set({
        ...next,
        ...(data.url !== undefined ? { urlEncrypted: encryptSecret(data.url) } : {}),
        signingSecretEncrypted: secret,
        version: sql`${alertRules.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(alertRules.id, rule.id))
      .returning();
    const changed = Object.keys(next).filter(
      (k) => JSON.stringify(next[k as keyof typeof next]) !== JSON.stringify(rule[k as keyof typeof rule]),
    );
    if (data.url !== undefined) changed.push("url");
    if (data.signingSecret !== undefined) changed.push("signingSecret");
    await writeAudit(tx, ctx.actor, {
      action: "alert_rule.update",
      targetType: "alert_rule",
      targetId: rule.id,
      details: { name: next.name, changed },
    });
    await notifyChange(tx, "alert_rule", rule.id);
    return toPublicRule(tx, updated!);
  });
}
