// PUT /api/v1/live-sessions/{id}/auto-sync — { enabled } starts or stops the streams.
import { readJson, withAuth } from "@/lib/http/route";
import { setAutoSync } from "@/lib/live-sessions/set-auto-sync";

export const PUT = withAuth<{ id: string }>(async (req, ctx, { id }) => setAutoSync({ ctx, input: { ...(await readJson(req) as object), liveSessionId: id } }));
