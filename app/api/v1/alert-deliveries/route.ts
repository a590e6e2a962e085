// GET /api/v1/alert-deliveries — the delivery log, newest first (?ruleId, ?status, ?limit).
import { listAlertDeliveries } from "@/lib/alerts/queries";
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return listAlertDeliveries(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
});
