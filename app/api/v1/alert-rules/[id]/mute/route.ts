// POST /api/v1/alert-rules/{id}/mute — { until }: mute until then; DELETE — unmute now.
import { alertRuleBodies } from "@/lib/alerts/api-bodies";
import { muteAlertRule } from "@/lib/alerts/mute";
import { noBody, noQuery, readJson, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  const body = alertRuleBodies.mute.parse(await readJson(req));
  return muteAlertRule({ ctx, input: { ruleId: id, until: body.until } });
});

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return muteAlertRule({ ctx, input: { ruleId: id, until: null } });
});
