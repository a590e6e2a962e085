/** The alert API's JSON shapes as the browser sees them (dates are strings). */
export type AlertRuleItem = {
  id: string;
  name: string;
  scope: "all" | "binding" | "instance" | "category";
  scopeRef: string | null;
  scopeName: string | null;
  condition: "run_failed" | "consecutive_failures" | "live_error_for" | "slow_run";
  threshold: number | null;
  destination: "webhook" | "slack";
  destinationHost: string;
  hasSigningSecret: boolean;
  enabled: boolean;
  mutedUntil: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type AlertDeliveryItem = {
  id: string;
  ruleId: string;
  ruleName: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  isTest: boolean;
  summary: string;
  createdAt: string;
  deliveredAt: string | null;
};

/** What the scope picker offers. */
export type ScopeChoices = { bindings: { id: string; name: string; active: boolean }[]; instances: { id: string; name: string }[] };
