import { createLoader, createParser } from "nuqs/server";
import { AUDIT_FILTER_RULES, usableAuditFilter } from "@/lib/audit/filter-rules";

/** A URL parameter that is kept only when the API would accept it, so a hand-edited URL never breaks the page. */
const parseAs = (name: keyof typeof AUDIT_FILTER_RULES) =>
  createParser({ parse: (v) => usableAuditFilter(name, v), serialize: (v: string) => v });

/** A calendar day, `YYYY-MM-DD`, like the sessions list's. */
const parseAsDay = createParser({
  parse: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : null),
  serialize: (v: string) => v,
});

export const auditSearchParams = {
  actor: parseAs("actor"),
  action: parseAs("action"),
  targetType: parseAs("targetType"),
  targetId: parseAs("targetId"),
  from: parseAsDay,
  to: parseAsDay,
};

export const loadAuditSearchParams = createLoader(auditSearchParams);

export type AuditFilterValues = { [K in keyof typeof auditSearchParams]: string | null };

export const NO_AUDIT_FILTERS: AuditFilterValues = { actor: null, action: null, targetType: null, targetId: null, from: null, to: null };
