// POST /api/v1/alert-rules/{id}/test — queue a sample alert to the rule's destination.
import { NextResponse } from "next/server";
import { sendTestAlert } from "@/lib/alerts/send-test";
import { noBody, noQuery, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return NextResponse.json(await sendTestAlert({ ctx, input: { ruleId: id } }), { status: 201 });
});
