import { createLoader, createParser } from "nuqs/server";
import { auditFilterFields } from "@/lib/audit/queries";

/** A URL parameter that is kept only when the API would accept it, so a hand-edited URL never breaks the page. */
const parseAs = (field: (typeof auditFilterFields)[keyof typeof auditFilterFields]) =>
  createParser({ parse: (v) => field.safeParse(v).data ?? null, serialize: (v: string) => v });

/** A calendar day, `YYYY-MM-DD`, like the sessions list's. */
const parseAsDay = createParser({
  parse: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : null),
  serialize: (v: string) => v,
});

export const auditSearchParams = {
  actor: parseAs(auditFilterFields.actor),
  action: parseAs(auditFilterFields.action),
  targetType: parseAs(auditFilterFields.targetType),
  targetId: parseAs(auditFilterFields.targetId),
  from: parseAsDay,
  to: parseAsDay,
};

export const loadAuditSearchParams = createLoader(auditSearchParams);

export type AuditFilterValues = { [K in keyof typeof auditSearchParams]: string | null };

export const NO_AUDIT_FILTERS: AuditFilterValues = { actor: null, action: null, targetType: null, targetId: null, from: null, to: null };
