// DELETE /api/v1/tokens/{id} — revoke a token; it stops working at once.
import { revokeApiToken } from "@/lib/api-tokens/revoke";
import { withAuth } from "@/lib/http/route";

export const DELETE = withAuth<{ id: string }>(async (_req, ctx, { id }) => revokeApiToken({ ctx, input: { tokenId: id } }));
