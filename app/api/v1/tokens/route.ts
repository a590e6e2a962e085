// GET /api/v1/tokens — API tokens (never their secret); POST — create one (the token is in this response only).
import { NextResponse } from "next/server";
import { createApiToken } from "@/lib/api-tokens/create";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { requirePermission } from "@/lib/auth/permissions";
import { noQuery, readJson, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  noQuery(req);
  requirePermission(ctx.actor, "api_token:write");
  return { items: await listApiTokens(ctx.db) };
});

export const POST = withAuth(async (req, ctx) =>
  NextResponse.json(await createApiToken({ ctx, input: await readJson(req) }), { status: 201 }),
);
