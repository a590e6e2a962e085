// GET /api/v1/instances/{id}/accounts — the instance's accounts as of its last account sync.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listInstanceAccounts } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "instance:read");
  return listInstanceAccounts(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
