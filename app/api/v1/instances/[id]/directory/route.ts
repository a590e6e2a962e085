// POST /api/v1/instances/{id}/directory — read a game server's houses and accounts again.
import { refreshGameServerDirectory } from "@/lib/game-server/refresh-directory";
import { noBody, noQuery, withAuth } from "@/lib/http/route";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return refreshGameServerDirectory({ ctx, input: { instanceId: id } });
});
