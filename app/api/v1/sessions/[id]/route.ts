// GET /api/v1/sessions/{id} — a sync session with its instance records; DELETE — terminate (cancel).
import { requirePermission } from "@/lib/auth/permissions";
import { noBody, noQuery, withAuth } from "@/lib/http/route";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { getSyncSession } from "@/lib/sync-sessions/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "dashboard:read");
  return getSyncSession(ctx.db, id);
});

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return cancelSyncSession({ ctx, input: { sessionId: id } });
});
