import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { auditLog } from "@/db/schema";
import { AUDIT_FILTER_RULES as R } from "./filter-rules";

const isoDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  message: "Dates must be ISO 8601, e.g. 2026-11-24T00:00:00Z or 2026-11-24",
});

/** The audit log's filters: the list, its CSV export and the page's URL share them. */
export const auditFilterFields = {
  actor: z
    .string()
    .trim()
    .min(1)
    .max(R.actor.max)
    .optional()
    .describe("Actor name or id, matched anywhere in the name (case-insensitive) or exactly the id"),
  action: z
    .string()
    .max(R.action.max)
    .regex(R.action.pattern, "Action looks like `sync_session.cancel` (or `sync_session` for every action on one type)")
    .optional()
    .describe("An action, e.g. `sync_session.cancel`; without a dot, every action of that prefix"),
  targetType: z
    .string()
    .max(R.targetType.max)
    .regex(R.targetType.pattern, "Target type looks like `sync_session`")
    .optional()
    .describe("e.g. `sync_session`, `instance`, `api_token`"),
  targetId: z.string().trim().min(1).max(R.targetId.max).optional().describe("The target's id, exactly"),
  from: isoDate.optional().describe("Entries at or after this time (a date means its start, UTC)"),
  to: isoDate.optional().describe("Entries before this time (a date includes that whole day, UTC)"),
};

const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || new Date(q.from).getTime() < endOf(q.to).getTime();
const FROM_BEFORE_TO = { message: "`from` must be before `to`", path: ["to"] };

export const auditFilterQuery = z.object(auditFilterFields).strict().refine(fromBeforeTo, FROM_BEFORE_TO);

export const listAuditQuery = z
  .object({
    ...auditFilterFields,
    limit: z.coerce.number().int().min(1).max(200).default(100),
    before: z.coerce.number().int().positive().optional(),
  })
  .strict()
  .refine(fromBeforeTo, FROM_BEFORE_TO);

export type AuditFilters = z.output<typeof auditFilterQuery>;

/** A day (`YYYY-MM-DD`) ends at the next midnight UTC; a timestamp is its own end. */
function endOf(value: string) {
  const d = new Date(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(d.getTime() + 86_400_000) : d;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filters as WHERE terms; the list and the export both use them. */
export function auditWhere(q: AuditFilters): SQL | undefined {
  return and(
    q.actor ? or(ilike(auditLog.actorLabel, `%${likeEscape(q.actor)}%`), eq(auditLog.actorId, q.actor)) : undefined,
    q.action
      ? q.action.includes(".")
        ? eq(auditLog.action, q.action)
        : sql`${auditLog.action} like ${`${likeEscape(q.action)}.%`}`
      : undefined,
    q.targetType ? eq(auditLog.targetType, q.targetType) : undefined,
    q.targetId ? eq(auditLog.targetId, q.targetId) : undefined,
    q.from ? gte(auditLog.createdAt, new Date(q.from)) : undefined,
    q.to ? lt(auditLog.createdAt, endOf(q.to)) : undefined,
  );
}

/** Newest first; `before` is the id of the last row of the previous page. */
export async function listAudit(db: Executor, query: unknown) {
  const { limit, before, ...filters } = listAuditQuery.parse(query);
  const items = await db
    .select()
    .from(auditLog)
    .where(and(auditWhere(filters), before ? lt(auditLog.id, before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return { items, nextBefore: items.length === limit ? (items.at(-1)?.id ?? null) : null };
}

/** How far back the page's filter menus look for actions and target types. */
const FACET_WINDOW = 10_000;

/**
 * The actions and target types of the latest entries, for the page's filter menus; a window, so the
 * page does not read the whole log on every visit (any other value can still be typed into the URL).
 */
export async function auditFacets(db: Executor) {
  const rows = await db.execute<{ action: string[] | null; target_type: string[] | null }>(sql`
    select array_agg(distinct action order by action) as action, array_agg(distinct target_type order by target_type) as target_type
    from (select action, target_type from ${auditLog} order by id desc limit ${FACET_WINDOW}) latest`);
  const row = [...rows][0];
  return { actions: row?.action ?? [], targetTypes: row?.target_type ?? [] };
}
