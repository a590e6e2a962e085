// POST /api/v1/sessions/{id}/retry-failed — a new session over the failed instances of this one.
import { NextResponse } from "next/server";
import { noBody, noQuery, withAuth } from "@/lib/http/route";
import { retryFailedInstances } from "@/lib/sync-sessions/retry-failed";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return NextResponse.json(await retryFailedInstances({ ctx, input: { sessionId: id } }), { status: 201 });
});
