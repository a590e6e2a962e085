// GET /api/v1/stores/{id}/data?kind=battles|wallet|members|stats — a store's synced data.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { storeData } from "@/lib/live-sessions/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "dashboard:read");
  return storeData(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
