// GET /api/v1/analytics/sessions — runs over time with counts, success rate, durations and items (pre-aggregated).
import { sessionAnalytics } from "@/lib/analytics/queries";
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return sessionAnalytics(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
});
