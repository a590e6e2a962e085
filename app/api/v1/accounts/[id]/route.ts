// GET /api/v1/accounts/{id} — one account with its change timeline across runs.
import { requirePermission } from "@/lib/auth/permissions";
import { noQuery, withAuth } from "@/lib/http/route";
import { getAccount } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "instance:read");
  return getAccount(ctx.db, id);
});
