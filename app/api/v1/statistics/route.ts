// GET /api/v1/statistics?timeframe=24h|7d|30d&category= — what the statistics page charts.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { sessionStatistics } from "@/lib/statistics/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return sessionStatistics(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
});
