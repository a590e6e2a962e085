// POST /api/v1/live-sessions/{id}/restart — clear the error and start the streams again now.
import { withAuth } from "@/lib/http/route";
import { restartLiveSession } from "@/lib/live-sessions/restart";

export const POST = withAuth<{ id: string }>(async (_req, ctx, { id }) => restartLiveSession({ ctx, input: { liveSessionId: id } }));
