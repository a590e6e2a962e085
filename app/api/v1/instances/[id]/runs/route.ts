// GET /api/v1/instances/{id}/runs — the instance's records across runs, newest first.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listInstanceRuns } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "instance:read");
  return listInstanceRuns(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
