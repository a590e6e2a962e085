// GET /api/v1/instances/{id}/settings — current server settings as of the last config sync.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listInstanceSettings } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "instance:read");
  return listInstanceSettings(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
