import { z } from "zod";

export const SYNC_CATEGORIES = ["account", "capacity", "config", "other"] as const;
/** `other` is reserved: no sync is defined for it. */
export const RUNNABLE_CATEGORIES = ["account", "capacity", "config"] as const;

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

export const SESSION_STATUSES = ["running", "completed", "partial", "failed", "cancelled"] as const;

export const listSessionsQuery = z
  .object({
    /** `partial` = completed with at least one failed instance. */
    status: z.enum(SESSION_STATUSES).optional(),
    type: z.enum(["scheduled", "manual_batch"]).optional(),
    category: z.enum(SYNC_CATEGORIES).optional(),
    createdBy: z.string().min(1).max(100).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type StartBatchInput = z.input<typeof startBatchInput>;
export type ListSessionsQuery = z.input<typeof listSessionsQuery>;
