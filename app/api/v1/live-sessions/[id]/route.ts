// GET /api/v1/live-sessions/{id}; PATCH — { active?, intervals?, expectedVersion? } (If-Match also sets the version).
import { requirePermission } from "@/lib/auth/permissions";
import { getLiveSession } from "@/lib/live-sessions/queries";
import { AppError } from "@/lib/errors";
import { noQuery, readJson, withAuth } from "@/lib/http/route";
import { setLiveSessionActive } from "@/lib/live-sessions/set-active";
import { updateStreamIntervals } from "@/lib/live-sessions/update-intervals";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "dashboard:read");
  return getLiveSession(ctx.db, id);
});

export const PATCH = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  const body = (await readJson(req)) as { active?: unknown; intervals?: unknown; expectedVersion?: unknown };
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new AppError("bad_request:body", "Body must be a JSON object");
  const ifMatch = req.headers.get("if-match");
  const expectedVersion = body.expectedVersion ?? (ifMatch ? Number(ifMatch.replace(/"/g, "")) : undefined);
  const { active, intervals, ...rest } = body;
  if (Object.keys(rest).some((k) => k !== "expectedVersion"))
    throw new AppError(
      "bad_request:body",
      `Unknown field(s): ${Object.keys(rest)
        .filter((k) => k !== "expectedVersion")
        .join(", ")}`,
    );
  if (active === undefined && intervals === undefined)
    throw new AppError("bad_request:body", "Nothing to change: send active or intervals");
  // One change per request keeps each PATCH a single transaction.
  if (active !== undefined && intervals !== undefined) throw new AppError("bad_request:body", "Send either active or intervals, not both");
  let result = undefined;
  if (intervals !== undefined) result = await updateStreamIntervals({ ctx, input: { liveSessionId: id, intervals, expectedVersion } });
  if (active !== undefined)
    result = await setLiveSessionActive({
      ctx,
      input: { liveSessionId: id, active, expectedVersion: intervals !== undefined ? undefined : expectedVersion },
    });
  return result;
});
