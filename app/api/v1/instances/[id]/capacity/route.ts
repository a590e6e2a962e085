// GET /api/v1/instances/{id}/capacity — size series per database or schema, with growth per day.
import { requirePermission } from "@/lib/auth/permissions";
import { withAuth } from "@/lib/http/route";
import { instanceCapacity } from "@/lib/synced-data/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "instance:read");
  return instanceCapacity(ctx.db, id, Object.fromEntries(new URL(req.url).searchParams));
});
