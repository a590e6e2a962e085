// GET /api/v1/live-sessions/{id}/logs?stream=&before=&limit= — the session's sync log, newest first.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listSyncLogs } from "@/lib/live-sessions/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "dashboard:read");
  return listSyncLogs(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
