// GET /api/v1/audit/export — the filtered audit log as CSV, newest first (the list's filters, no paging).
import { requirePermission } from "@/lib/auth/permissions";
import { auditCsvStream } from "@/lib/audit/csv";
import { withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "audit:read");
  const body = auditCsvStream(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="syncdeck-audit-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});
