// DELETE /api/v1/tokens/{id} — revoke a token; it stops working at once.
import { revokeApiToken } from "@/lib/api-tokens/revoke";
import { noBody, noQuery, withAuth } from "@/lib/http/route";

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return revokeApiToken({ ctx, input: { tokenId: id } });
});
