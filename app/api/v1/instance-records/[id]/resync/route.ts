// POST /api/v1/instance-records/{id}/resync — sync that record's instance again in a new session.
import { NextResponse } from "next/server";
import { withAuth } from "@/lib/http/route";
import { resyncInstance } from "@/lib/sync-sessions/resync-instance";

export const POST = withAuth<{ id: string }>(async (_req, ctx, { id }) =>
  NextResponse.json(await resyncInstance({ ctx, input: { recordId: id } }), { status: 201 }),
);
