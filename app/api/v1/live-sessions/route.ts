// GET /api/v1/live-sessions?q= — live sessions with per-stream status.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listLiveSessions } from "@/lib/live-sessions/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return { items: await listLiveSessions(ctx.db, Object.fromEntries(new URL(req.url).searchParams)) };
});
