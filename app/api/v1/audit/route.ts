// GET /api/v1/audit — the audit log, newest first.
import { requirePermission } from "@/lib/auth/permissions";
import { listAudit } from "@/lib/audit/queries";
import { withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "audit:read");
  return listAudit(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
});
