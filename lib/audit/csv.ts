import { and, desc, lt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { auditLog, type AuditEntry } from "@/db/schema";
import { auditFilterQuery, auditWhere } from "./queries";

export const AUDIT_CSV_COLUMNS = [
  "id",
  "created_at",
  "actor_type",
  "actor_id",
  "actor",
  "action",
  "target_type",
  "target_id",
  "details",
] as const;

/** Rows fetched per query while streaming an export. */
const PAGE = 500;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (starting with = + - @, or a
 * tab or carriage return that some strip first) gets a leading `'`, so the export is safe to open.
 */
export function csvCell(value: unknown): string {
  let s =
    value === null || value === undefined
      ? ""
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "string"
          ? value
          : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function auditCsvLine(e: AuditEntry): string {
  return csvLine([e.id, e.createdAt, e.actorType, e.actorId, e.actorLabel, e.action, e.targetType, e.targetId, e.details]);
}

/**
 * The filtered audit log as CSV, newest first, streamed page by page on the id (so memory stays flat
 * however many rows match). Parses the filters first: a bad one throws before anything is sent.
 */
export function auditCsvStream(db: Executor, query: unknown): ReadableStream<Uint8Array> {
  const filters = auditFilterQuery.parse(query);
  const encoder = new TextEncoder();
  let before: number | null = null;
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine([...AUDIT_CSV_COLUMNS])));
        return;
      }
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(auditWhere(filters), before === null ? undefined : lt(auditLog.id, before)))
        .orderBy(desc(auditLog.id))
        .limit(PAGE);
      if (rows.length) controller.enqueue(encoder.encode(rows.map(auditCsvLine).join("")));
      if (rows.length < PAGE) controller.close();
      else before = rows.at(-1)!.id;
    },
  });
}
