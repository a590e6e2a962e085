// POST /api/v1/sessions/{id}/cancel — cancel a running session (409 once it has ended).
import { withAuth } from "@/lib/http/route";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";

export const POST = withAuth<{ id: string }>(async (_req, ctx, { id }) => cancelSyncSession({ ctx, input: { sessionId: id } }));
