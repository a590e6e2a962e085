import { z } from "zod";
import { FAILURE_CLASSES } from "@/lib/failures/classes";
import { searchTerm } from "@/lib/search/term";
import { RUNNABLE_CATEGORIES, SESSION_FILTER_STATUSES, SYNC_CATEGORIES, SYNC_TYPES } from "@/lib/domain/values";

export { RUNNABLE_CATEGORIES, SYNC_CATEGORIES };

export const startBatchInput = z
  .object({
    category: z.enum(RUNNABLE_CATEGORIES, { message: `Category must be one of ${RUNNABLE_CATEGORIES.join(", ")}` }),
    instanceIds: z
      .array(z.uuid("Instance ids must be UUIDs"))
      .max(1000, "At most 1000 instances per batch")
      .optional()
      .describe("Omit to sync every enabled instance"),
  })
  .strict();

export const sessionIdInput = z.object({ sessionId: z.uuid("Session id must be a UUID") }).strict();

export const recordIdInput = z.object({ recordId: z.uuid("Instance record id must be a UUID") }).strict();

const isoDate = z.iso.datetime({ offset: true, message: "Dates must be ISO 8601, e.g. 2026-11-24T00:00:00Z" }).or(z.iso.date());

/** The sessions list counts matches up to this many. */
export const SESSION_COUNT_CAP = 10_000;

export const SESSION_STATUSES = SESSION_FILTER_STATUSES;

export const listSessionsQuery = z
  .object({
    /** `partial` = completed with at least one failed instance. */
    status: z.enum(SESSION_STATUSES).optional(),
    type: z.enum(SYNC_TYPES).optional(),
    category: z.enum(SYNC_CATEGORIES).optional(),
    createdBy: z.string().min(1).max(100).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    q: searchTerm.optional(),
    failureClass: z.enum(FAILURE_CLASSES, { message: `Failure class must be one of ${FAILURE_CLASSES.join(", ")}` }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** Editable properties (PUT /api/v1/sessions/{id}); an empty string clears one. */
export const updateSessionInput = z
  .object({
    sessionId: z.uuid("Session id must be a UUID"),
    label: z.string().trim().max(120, "Label is at most 120 characters").nullable().optional(),
    note: z.string().trim().max(2000, "Note is at most 2000 characters").nullable().optional(),
    expectedVersion: z.number().int().positive("Version is a positive integer").optional(),
  })
  .strict();

export const SESSION_INCLUDES = ["logs", "stats"] as const;
export type SessionInclude = (typeof SESSION_INCLUDES)[number];

/** GET /api/v1/sessions/{id}: `include=logs,stats` adds the run's timeline and record statistics. */
export const getSessionQuery = z
  .object({
    include: z
      .string()
      .regex(/^(logs|stats)(,(logs|stats))*$/, `include takes ${SESSION_INCLUDES.join(" and/or ")}, comma-separated`)
      .optional()
      .describe(
        "Comma-separated: `logs` (records' timeline and audit entries), `stats` (items, record durations p50/p95, counts by status and failure class)",
      ),
  })
  .strict();

export type StartBatchInput = z.input<typeof startBatchInput>;
export type ListSessionsQuery = z.input<typeof listSessionsQuery>;
