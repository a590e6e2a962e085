import { z } from "zod";
import { SYNC_CATEGORIES } from "@/lib/sync-sessions/schemas";
import { ALERT_CONDITIONS, ALERT_DELIVERY_STATUSES, ALERT_DESTINATIONS, ALERT_SCOPES } from "@/lib/domain/values";

export { ALERT_CONDITIONS, ALERT_DESTINATIONS, ALERT_SCOPES };
export const MAX_ALERT_ATTEMPTS = 5;

export type AlertScope = (typeof ALERT_SCOPES)[number];
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

const ruleId = z.uuid("Alert rule id must be a UUID");
const expectedVersion = z.number().int().positive();

/** http(s) only; anything else is a clear 400. The URL is stored encrypted and never shown again. */
export const destinationUrl = z
  .string()
  .trim()
  .max(2000, "The destination URL is longer than 2000 characters")
  .refine((v) => URL.canParse(v), "The destination URL is not a valid URL")
  .refine(
    (v) => !URL.canParse(v) || ["http:", "https:"].includes(new URL(v).protocol),
    "The destination URL must start with http:// or https://",
  )
  // fetch refuses URLs with credentials, so such a rule could never deliver; put a token in the path instead.
  .refine(
    (v) => !URL.canParse(v) || (!new URL(v).username && !new URL(v).password),
    "The destination URL must not contain a user name or password (user:pass@); put a token in the path or query instead",
  )
  .describe("Where alerts are POSTed (http or https). Write-only: responses show only its host");

export const signingSecret = z
  .string()
  .min(16, "The signing secret must be at least 16 characters")
  .max(200)
  .describe("HMAC-SHA256 key for the `X-Syncdeck-Signature` header. Write-only");

const ruleFields = {
  name: z.string().trim().min(1, "Give the rule a name").max(100),
  scope: z.enum(ALERT_SCOPES).describe("What the rule watches: everything, one binding, one instance or one sync category"),
  scopeRef: z.string().trim().max(100).nullable().optional().describe("The binding id, instance id or category; omitted or null for `all`"),
  condition: z.enum(ALERT_CONDITIONS),
  threshold: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .nullable()
    .optional()
    .describe("N for consecutive_failures; seconds for live_error_for and slow_run; none for run_failed"),
  destination: z.enum(ALERT_DESTINATIONS).describe("`webhook` (signed JSON) or `slack` (Slack-compatible incoming webhook)"),
  enabled: z.boolean().optional(),
};

export const createAlertRuleInput = z.object({ ...ruleFields, url: destinationUrl, signingSecret: signingSecret.optional() }).strict();

/** Fields you omit keep their value; `signingSecret: null` removes the secret (Slack destinations only). */
export const updateAlertRuleInput = z
  .object({
    ruleId,
    expectedVersion: expectedVersion.describe("The version you last saw; a stale one is a 412. `If-Match` sets it too"),
    ...z.object(ruleFields).partial().shape,
    url: destinationUrl.optional(),
    signingSecret: signingSecret.nullable().optional(),
  })
  .strict();

export const deleteAlertRuleInput = z.object({ ruleId, expectedVersion: expectedVersion.optional() }).strict();

export const muteAlertRuleInput = z
  .object({
    ruleId,
    until: z.iso.datetime({ offset: true }).nullable().describe("Mute until this time (in the future, at most a year ahead); null unmutes"),
  })
  .strict();

export const sendTestInput = z.object({ ruleId }).strict();

export const listDeliveriesQuery = z
  .object({
    ruleId: z.uuid("ruleId must be a UUID").optional(),
    status: z.enum(ALERT_DELIVERY_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The condition/scope/threshold combinations that make sense, with the reason when they do not. */
export function checkRuleShape(rule: {
  scope: AlertScope;
  scopeRef: string | null;
  condition: AlertCondition;
  threshold: number | null;
}): string | null {
  const { scope, scopeRef, condition, threshold } = rule;
  if (scope === "all" && scopeRef) return "A rule on everything takes no scopeRef";
  if (scope !== "all" && !scopeRef) return `Choose the ${scope} this rule watches (scopeRef)`;
  if (scope === "category" && !(SYNC_CATEGORIES as readonly string[]).includes(scopeRef!))
    return `Unknown category "${scopeRef}" (one of ${SYNC_CATEGORIES.join(", ")})`;
  if ((scope === "binding" || scope === "instance") && !z.uuid().safeParse(scopeRef).success) return `The ${scope} id must be a UUID`;
  if (scope === "binding" && condition !== "live_error_for")
    return "A binding has no batch runs: on a binding, use the condition live_error_for";
  if (scope === "category" && condition === "live_error_for")
    return "Live sessions have no sync category: use scope binding, instance or all for live_error_for";
  if (condition === "run_failed" && threshold != null) return "run_failed takes no threshold";
  if (condition === "consecutive_failures" && (threshold == null || threshold < 2 || threshold > 100))
    return "consecutive_failures needs a threshold N between 2 and 100";
  if ((condition === "live_error_for" || condition === "slow_run") && threshold == null) return `${condition} needs a threshold in seconds`;
  return null;
}
