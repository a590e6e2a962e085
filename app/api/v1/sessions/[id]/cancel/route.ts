// POST /api/v1/sessions/{id}/cancel — cancel a running session (409 once it has ended).
import { noBody, noQuery, withAuth } from "@/lib/http/route";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return cancelSyncSession({ ctx, input: { sessionId: id } });
});
