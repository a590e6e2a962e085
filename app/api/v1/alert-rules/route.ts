// GET /api/v1/alert-rules — list (no URL, no secret); POST — create a rule (super admin).
import { NextResponse } from "next/server";
import { createAlertRule } from "@/lib/alerts/create";
import { listAlertRules } from "@/lib/alerts/queries";
import { requirePermission } from "@/lib/auth/permissions";
import { noQuery, readJson, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  noQuery(req);
  requirePermission(ctx.actor, "dashboard:read");
  return { items: await listAlertRules(ctx.db) };
});

export const POST = withAuth(async (req, ctx) => {
  noQuery(req);
  const rule = await createAlertRule({ ctx, input: await readJson(req) });
  return NextResponse.json(rule, { status: 201 });
});
