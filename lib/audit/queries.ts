import { desc, lt } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { auditLog } from "@/db/schema";

export const listAuditQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(100), before: z.coerce.number().int().positive().optional() })
  .strict();

/** Newest first; `before` is the id of the last row of the previous page. */
export async function listAudit(db: Executor, query: unknown) {
  const q = listAuditQuery.parse(query);
  const items = await db
    .select()
    .from(auditLog)
    .where(q.before ? lt(auditLog.id, q.before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
  return { items, nextBefore: items.length === q.limit ? (items.at(-1)?.id ?? null) : null };
}
