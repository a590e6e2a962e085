import { alertRules } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secrets";
import { notifyChange } from "@/lib/live/notify";
import { refuseDisallowedTarget } from "@/lib/security/refuse-target";
import { toPublicRule } from "./queries";
import { createAlertRuleInput } from "./schemas";
import { assertValidRule } from "./validate";

/** A new alert rule; its URL and signing secret are stored encrypted and never shown again. */
export async function createAlertRule({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "alert_rule:write");
  const data = createAlertRuleInput.parse(input);
  await refuseDisallowedTarget(data.url, "url");
  return inTransaction(ctx, async (tx) => {
    const shape = {
      scope: data.scope,
      scopeRef: data.scope === "all" ? null : (data.scopeRef ?? null),
      condition: data.condition,
      threshold: data.threshold ?? null,
    };
    await assertValidRule(tx, { ...shape, destination: data.destination, hasSecret: !!data.signingSecret });
    const [rule] = await tx
      .insert(alertRules)
      .values({
        name: data.name,
        ...shape,
        destination: data.destination,
        urlEncrypted: encryptSecret(data.url),
        signingSecretEncrypted: data.signingSecret ? encryptSecret(data.signingSecret) : null,
        enabled: data.enabled ?? true,
        createdBy: actorUserId(ctx.actor),
      })
      .returning();
    const created = await toPublicRule(tx, rule!);
    await writeAudit(tx, ctx.actor, {
      action: "alert_rule.create",
      targetType: "alert_rule",
      targetId: created.id,
      details: {
        name: created.name,
        scope: created.scope,
        scopeRef: created.scopeRef,
        condition: created.condition,
        threshold: created.threshold,
        destination: created.destination,
        host: created.destinationHost,
      },
    });
    await notifyChange(tx, "alert_rule", created.id);
    return created;
  });
}
