// GET /api/v1/bulk-operations — recent bulk operations; POST — start one.
import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/auth/permissions";
import { createBulkOperation } from "@/lib/bulk/create";
import { listBulkOperations } from "@/lib/bulk/queries";
import { noQuery, readJson, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return listBulkOperations(ctx.db, Object.fromEntries(new URL(req.url).searchParams));
});

export const POST = withAuth(async (req, ctx) => {
  noQuery(req);
  const body = await readJson(req);
  const key = req.headers.get("idempotency-key");
  const input = key && body && typeof body === "object" && !Array.isArray(body) ? { idempotencyKey: key, ...body } : body;
  const { operation, created } = await createBulkOperation({ ctx, input });
  return NextResponse.json(operation, { status: created ? 201 : 200 });
});
