// GET /api/v1/search?q= — sessions, instance records, bindings and live sessions matching one term, grouped.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { searchEverything } from "@/lib/search/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return searchEverything(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
});
