// GET /api/v1/instances — list (no secrets); POST — add an instance.
import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/auth/permissions";
import { noQuery, readJson, withAuth } from "@/lib/http/route";
import { createInstance } from "@/lib/instances/create";
import { listInstances } from "@/lib/instances/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  noQuery(req);
  requirePermission(ctx.actor, "instance:read");
  return { items: await listInstances(ctx.db) };
});

export const POST = withAuth(async (req, ctx) => {
  const instance = await createInstance({ ctx, input: await readJson(req) });
  return NextResponse.json(instance, { status: 201 });
});
