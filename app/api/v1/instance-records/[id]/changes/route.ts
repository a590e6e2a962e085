// GET /api/v1/instance-records/{id}/changes — what one instance record changed, item by item.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listRecordChanges } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "dashboard:read");
  return listRecordChanges(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
