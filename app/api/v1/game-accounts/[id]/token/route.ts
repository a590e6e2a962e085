// PUT /api/v1/game-accounts/{id}/token — set the token a game account's feeds are read with (write-only).
import { setGameAccountTokenInput } from "@/lib/game-server/directory-inputs";
import { setGameAccountToken } from "@/lib/game-server/set-account-token";
import { noQuery, readJson, withAuth } from "@/lib/http/route";

export const PUT = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  const body = setGameAccountTokenInput.omit({ gameAccountId: true }).parse(await readJson(req));
  return setGameAccountToken({ ctx, input: { ...body, gameAccountId: id } });
});
