// GET /api/v1/alert-rules/{id}; PUT — change (If-Match or expectedVersion); DELETE — delete with its delivery log.
import { alertRuleBodies } from "@/lib/alerts/api-bodies";
import { deleteAlertRule } from "@/lib/alerts/delete";
import { getAlertRule } from "@/lib/alerts/queries";
import { updateAlertRule } from "@/lib/alerts/update";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { noBody, noQuery, readJson, withAuth } from "@/lib/http/route";

export const dynamic = "force-dynamic";

function ifMatchVersion(req: Request): number | undefined {
  const raw = req.headers.get("if-match");
  if (!raw) return undefined;
  const version = Number(raw.replace(/^W\//, "").replace(/"/g, ""));
  if (!Number.isInteger(version) || version < 1)
    throw new AppError("bad_request:if_match", 'If-Match must be the version you last saw, e.g. "3"');
  return version;
}

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "dashboard:read");
  return getAlertRule(ctx.db, id);
});

export const PUT = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "alert_rule:write");
  const body = alertRuleBodies.update.parse(await readJson(req));
  const expectedVersion = body.expectedVersion ?? ifMatchVersion(req);
  if (expectedVersion === undefined)
    throw new AppError("bad_request:alert_rule", "Send the version you last saw: If-Match or expectedVersion");
  return updateAlertRule({ ctx, input: { ...body, ruleId: id, expectedVersion } });
});

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return deleteAlertRule({ ctx, input: { ruleId: id, expectedVersion: ifMatchVersion(req) } });
});
