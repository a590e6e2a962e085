// PUT /api/v1/live-sessions/{id}/auto-sync — { enabled } starts or stops the streams.
import { readJson, withAuth } from "@/lib/http/route";
import { setAutoSyncInput } from "@/lib/live-sessions/schemas";
import { setAutoSync } from "@/lib/live-sessions/set-auto-sync";

export const PUT = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  const body = setAutoSyncInput.omit({ liveSessionId: true }).parse(await readJson(req));
  return setAutoSync({ ctx, input: { ...body, liveSessionId: id } });
});
