// GET /api/v1/bulk-operations/{id} — one bulk operation's progress.
import { requirePermission } from "@/lib/auth/permissions";
import { getBulkOperation } from "@/lib/bulk/queries";
import { noQuery, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "dashboard:read");
  return getBulkOperation(ctx.db, id);
});
