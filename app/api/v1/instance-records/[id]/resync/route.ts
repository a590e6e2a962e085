// POST /api/v1/instance-records/{id}/resync — sync that record's instance again in a new session.
import { NextResponse } from "next/server";
import { noBody, noQuery, withAuth } from "@/lib/http/route";
import { resyncInstance } from "@/lib/sync-sessions/resync-instance";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return NextResponse.json(await resyncInstance({ ctx, input: { recordId: id } }), { status: 201 });
});
