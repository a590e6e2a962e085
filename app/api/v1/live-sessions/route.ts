// GET /api/v1/live-sessions — every live session with per-stream status.
import { requirePermission } from "@/lib/auth/permissions";
import { noQuery, withAuth } from "@/lib/http/route";
import { listLiveSessions } from "@/lib/live-sessions/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  noQuery(req);
  requirePermission(ctx.actor, "dashboard:read");
  return { items: await listLiveSessions(ctx.db) };
});
