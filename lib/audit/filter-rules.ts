/**
 * What the audit log's filters accept, shared by the API's zod schema (lib/audit/queries.ts) and the
 * page's URL parsers, which run in the browser and so take no zod (its eval probe trips the CSP).
 */
export const AUDIT_FILTER_RULES = {
  actor: { max: 200 },
  action: { pattern: /^[a-z_]+(\.[a-z_]+)?$/, max: 100 },
  targetType: { pattern: /^[a-z_]+$/, max: 50 },
  targetId: { max: 200 },
} as const;

/** The value as the API would take it (trimmed), or null when it would refuse it. */
export function usableAuditFilter(name: keyof typeof AUDIT_FILTER_RULES, value: string): string | null {
  const rule: { pattern?: RegExp; max: number } = AUDIT_FILTER_RULES[name];
  const v = rule.pattern ? value : value.trim();
  if (!v || v.length > rule.max) return null;
  return !rule.pattern || rule.pattern.test(v) ? v : null;
}
