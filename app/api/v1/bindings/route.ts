// GET /api/v1/bindings?q=&status= — bindings with their live session; POST — bind an account to a store.
import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/auth/permissions";
import { bindAccount } from "@/lib/bindings/bind";
import { listBindings } from "@/lib/bindings/queries";
import { readJson, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return { items: await listBindings(ctx.db, Object.fromEntries(new URL(req.url).searchParams)) };
});

export const POST = withAuth(async (req, ctx) =>
  NextResponse.json(await bindAccount({ ctx, input: await readJson(req) }), { status: 201 }),
);
