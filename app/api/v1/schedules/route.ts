// GET /api/v1/schedules — cron per category; PUT — change one (super admin).
import { requirePermission } from "@/lib/auth/permissions";
import { noQuery, readJson, withAuth } from "@/lib/http/route";
import { listSchedules } from "@/lib/schedules/queries";
import { updateSchedule } from "@/lib/schedules/update";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  noQuery(req);
  requirePermission(ctx.actor, "dashboard:read");
  return { items: await listSchedules(ctx.db) };
});

export const PUT = withAuth(async (req, ctx) => updateSchedule({ ctx, input: await readJson(req) }));
