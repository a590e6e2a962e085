import type { AlertRuleItem } from "./types";

export const CATEGORIES = [
  { value: "account", label: "Accounts" },
  { value: "capacity", label: "Capacity" },
  { value: "config", label: "Configuration" },
  { value: "other", label: "Other" },
] as const;

export function duration(seconds: number) {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "A run fails", "3 failures in a row", "Live session in error for 5 min", "A run takes longer than 10 min". */
export function conditionInWords(rule: Pick<AlertRuleItem, "condition" | "threshold">) {
  const t = rule.threshold ?? 0;
  switch (rule.condition) {
    case "run_failed":
      return "A sync fails";
    case "consecutive_failures":
      return `${t} failures in a row`;
    case "live_error_for":
      return `Live session in error for ${duration(t)}`;
    case "slow_run":
      return `A run takes longer than ${duration(t)}`;
  }
}

export function scopeLabel(rule: Pick<AlertRuleItem, "scope" | "scopeName" | "scopeRef">) {
  if (rule.scope === "all") return { kind: "Everything", name: null };
  const kind = { binding: "Binding", instance: "Instance", category: "Category" }[rule.scope];
  return { kind, name: rule.scopeName ?? `${rule.scopeRef} (deleted)` };
}
