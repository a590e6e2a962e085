// GET /api/v1/accounts — accounts across instances, with attribute, privilege and change filters.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { listAccounts } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "instance:read");
  return listAccounts(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
});
