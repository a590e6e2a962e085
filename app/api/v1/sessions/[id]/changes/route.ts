// GET /api/v1/sessions/{id}/changes — what a whole run changed, record by record.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listSessionChanges } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "dashboard:read");
  return listSessionChanges(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
