import { z } from "zod";

export const SYNC_CATEGORIES = ["account", "capacity", "config", "other"] as const;
/** Categories the engine can run today. */
export const RUNNABLE_CATEGORIES = ["account"] as const;

export const startBatchInput = z
  .object({
    category: z.enum(SYNC_CATEGORIES, { message: `Category must be one of ${SYNC_CATEGORIES.join(", ")}` }),
    instanceIds: z
      .array(z.uuid("Instance ids must be UUIDs"))
      .max(1000, "At most 1000 instances per batch")
      .optional()
      .describe("Omit to sync every enabled instance"),
  })
  .strict();

export const sessionIdInput = z.object({ sessionId: z.uuid("Session id must be a UUID") }).strict();

export const listSessionsQuery = z
  .object({
    status: z.enum(["running", "completed", "failed", "cancelled"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type StartBatchInput = z.input<typeof startBatchInput>;
export type ListSessionsQuery = z.input<typeof listSessionsQuery>;
