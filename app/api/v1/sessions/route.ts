// GET /api/v1/sessions — list sync sessions; POST — start a manual batch.
import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/auth/permissions";
import { readJson, withAuth } from "@/lib/http/route";
import { listSyncSessions } from "@/lib/sync-sessions/queries";
import { startBatch } from "@/lib/sync-sessions/start-batch";

export const dynamic = "force-dynamic";

export const GET = withAuth(async (req, ctx) => {
  requirePermission(ctx.actor, "dashboard:read");
  return listSyncSessions(ctx.db, Object.fromEntries(new URL(req.url).searchParams), { count: true });
});

export const POST = withAuth(async (req, ctx) => {
  const session = await startBatch({ ctx, input: await readJson(req) });
  return NextResponse.json(session, { status: 201 });
});
