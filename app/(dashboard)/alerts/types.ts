import type { AlertCondition, AlertDeliveryStatus, AlertDestination, AlertScope } from "@/lib/domain/values";

/** The alert API's JSON shapes as the browser sees them (dates are strings). */
export type AlertRuleItem = {
  id: string;
  name: string;
  scope: AlertScope;
  scopeRef: string | null;
  scopeName: string | null;
  condition: AlertCondition;
  threshold: number | null;
  destination: AlertDestination;
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
  status: AlertDeliveryStatus;
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
