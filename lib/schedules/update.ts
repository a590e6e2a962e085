import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { syncSchedules } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { actorUserId, requirePermission } from "@/lib/auth/permissions";
import { inTransaction, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { validateCron } from "./defaults";
import { RUNNABLE_CATEGORIES } from "@/lib/domain/values";

export const updateScheduleInput = z
  .object({
    category: z.enum(RUNNABLE_CATEGORIES, { message: "Category must be account, capacity or config" }),
    cron: z
      .string()
      .trim()
      .min(1, "Cron expression is required")
      .max(100)
      .superRefine((v, c) => {
        const problem = validateCron(v);
        if (problem) c.addIssue({ code: "custom", message: `Invalid cron expression: ${problem}` });
      }),
    enabled: z.boolean(),
  })
  .strict();

/** Changes the cron of a category's scheduled runs; the schedule workflow picks it up within a minute. */
export async function updateSchedule({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "schedule:write");
  const data = updateScheduleInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.select().from(syncSchedules).where(eq(syncSchedules.category, data.category)).for("update");
    if (!before) throw new AppError("not_found:schedule", `No schedule for ${data.category}`);
    const [updated] = await tx
      .update(syncSchedules)
      .set({
        cron: data.cron,
        enabled: data.enabled,
        updatedAt: sql`now()`,
        updatedBy: actorUserId(ctx.actor),
        // Count the next fire from now, not from a stale last fire under the old expression.
        lastFiredAt: sql`now()`,
      })
      .where(eq(syncSchedules.category, data.category))
      .returning();
    await writeAudit(tx, ctx.actor, {
      action: "schedule.update",
      targetType: "schedule",
      targetId: data.category,
      details: { from: { cron: before.cron, enabled: before.enabled }, to: { cron: data.cron, enabled: data.enabled } },
    });
    await notifyChange(tx, "schedule", data.category);
    return updated!;
  });
}
