import { z } from "zod";

const id = z.uuid("Live session id must be a UUID");
/** Optional optimistic lock: the version the caller last saw; a stale one is a 412. */
const expectedVersion = z.number().int().positive().optional();

export const setAutoSyncInput = z.object({ liveSessionId: id, enabled: z.boolean(), expectedVersion }).strict();
export const setActiveInput = z.object({ liveSessionId: id, active: z.boolean(), expectedVersion }).strict();
export const restartInput = z.object({ liveSessionId: id, expectedVersion }).strict();
export const updateIntervalsInput = z
  .object({
    liveSessionId: id,
    expectedVersion,
    intervals: z
      .object({
        battles: z.number().int().min(1).max(3600),
        wallet: z.number().int().min(1).max(3600),
        members: z.number().int().min(1).max(3600),
      })
      .strict()
      .partial(),
  })
  .strict();
