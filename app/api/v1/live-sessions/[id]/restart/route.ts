// POST /api/v1/live-sessions/{id}/restart — clear the error and start the streams again now.
import { noBody, noQuery, withAuth } from "@/lib/http/route";
import { restartLiveSession } from "@/lib/live-sessions/restart";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return restartLiveSession({ ctx, input: { liveSessionId: id } });
});
