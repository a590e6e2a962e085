import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { alertDeliveries, alertRules, bindings, gameAccounts, instances, stores, type AlertRule } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { destinationHost } from "./redact";
import { listDeliveriesQuery } from "./schemas";
import { isUuid } from "@/lib/ids";

const CATEGORY_NAMES: Record<string, string> = { account: "Accounts", capacity: "Capacity", config: "Configuration", other: "Other" };

/** A rule as the API and UI show it: no URL, no secret. */
export function publicRule(rule: AlertRule, scopeName: string | null) {
  const now = Date.now();
  return {
    id: rule.id,
    name: rule.name,
    scope: rule.scope,
    scopeRef: rule.scopeRef,
    scopeName,
    condition: rule.condition,
    threshold: rule.threshold,
    destination: rule.destination,
    destinationHost: destinationHost(rule.urlEncrypted),
    hasSigningSecret: rule.signingSecretEncrypted !== null,
    enabled: rule.enabled,
    // Unmuting leaves a past time behind (evaluation skips what happened before it); shown as not muted.
    mutedUntil: rule.mutedUntil && rule.mutedUntil.getTime() > now ? rule.mutedUntil : null,
    version: rule.version,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}
export type PublicAlertRule = ReturnType<typeof publicRule>;

/** Names of the objects rules point at: "account → store" for bindings, instance names, category labels. */
export async function scopeNames(db: Executor, rules: Pick<AlertRule, "scope" | "scopeRef">[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const ids = (scope: string) => [...new Set(rules.filter((r) => r.scope === scope && r.scopeRef).map((r) => r.scopeRef!))];
  const bindingIds = ids("binding");
  const instanceIds = ids("instance");
  if (bindingIds.length) {
    const rows = await db
      .select({ id: bindings.id, account: gameAccounts.username, store: stores.name })
      .from(bindings)
      .innerJoin(gameAccounts, eq(gameAccounts.id, bindings.gameAccountId))
      .innerJoin(stores, eq(stores.id, bindings.storeId))
      .where(sql`${bindings.id}::text in ${bindingIds}`);
    for (const r of rows) names.set(`binding:${r.id}`, `${r.account} → ${r.store}`);
  }
  if (instanceIds.length) {
    const rows = await db
      .select({ id: instances.id, name: instances.name })
      .from(instances)
      .where(sql`${instances.id}::text in ${instanceIds}`);
    for (const r of rows) names.set(`instance:${r.id}`, r.name);
  }
  for (const c of ids("category")) names.set(`category:${c}`, CATEGORY_NAMES[c] ?? c);
  return names;
}

export function scopeNameOf(names: Map<string, string>, rule: Pick<AlertRule, "scope" | "scopeRef">): string | null {
  if (rule.scope === "all") return "Everything";
  return names.get(`${rule.scope}:${rule.scopeRef}`) ?? null;
}

export async function toPublicRule(db: Executor, rule: AlertRule) {
  return publicRule(rule, scopeNameOf(await scopeNames(db, [rule]), rule));
}

export async function listAlertRules(db: Executor) {
  const rules = await db.select().from(alertRules).orderBy(alertRules.name, alertRules.id);
  const names = await scopeNames(db, rules);
  return rules.map((r) => publicRule(r, scopeNameOf(names, r)));
}

export async function getAlertRule(db: Executor, id: string) {
  const [rule] = isUuid(id) ? await db.select().from(alertRules).where(eq(alertRules.id, id)) : [];
  if (!rule) throw new AppError("not_found:alert_rule", "No alert rule with that id");
  return toPublicRule(db, rule);
}

/** Loads a rule for update, enforcing the caller's expected version (412 when stale). */
export async function lockAlertRule(tx: Executor, ruleId: string, expectedVersion?: number) {
  const [rule] = await tx.select().from(alertRules).where(eq(alertRules.id, ruleId)).for("update");
  if (!rule) throw new AppError("not_found:alert_rule", "No alert rule with that id");
  if (expectedVersion !== undefined && expectedVersion !== rule.version) {
    throw new AppError(
      "precondition_failed:alert_rule",
      `This alert rule changed meanwhile (version ${rule.version}, you had ${expectedVersion}); reload and try again`,
    );
  }
  return rule;
}

export const deliveryColumns = {
  id: alertDeliveries.id,
  ruleId: alertDeliveries.ruleId,
  ruleName: alertRules.name,
  status: alertDeliveries.status,
  attempts: alertDeliveries.attempts,
  responseStatus: alertDeliveries.responseStatus,
  lastError: alertDeliveries.lastError,
  isTest: alertDeliveries.isTest,
  summary: sql<string>`coalesce(${alertDeliveries.payload} ->> 'message', '')`,
  createdAt: alertDeliveries.createdAt,
  deliveredAt: alertDeliveries.deliveredAt,
};

/** The delivery log, newest first. */
export async function listAlertDeliveries(db: Executor, query: unknown) {
  const q = listDeliveriesQuery.parse(query);
  const items = await db
    .select(deliveryColumns)
    .from(alertDeliveries)
    .innerJoin(alertRules, eq(alertRules.id, alertDeliveries.ruleId))
    .where(and(q.ruleId ? eq(alertDeliveries.ruleId, q.ruleId) : undefined, q.status ? eq(alertDeliveries.status, q.status) : undefined))
    .orderBy(desc(alertDeliveries.createdAt), desc(alertDeliveries.id))
    .limit(q.limit);
  return { items };
}

export async function getAlertDelivery(db: Executor, id: string) {
  const [row] = await db
    .select(deliveryColumns)
    .from(alertDeliveries)
    .innerJoin(alertRules, eq(alertRules.id, alertDeliveries.ruleId))
    .where(eq(alertDeliveries.id, id));
  return row ?? null;
}
