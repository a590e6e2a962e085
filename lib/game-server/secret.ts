import { z } from "zod";

/** What a game_server instance keeps encrypted: where it is and the operator (directory) token. */
export const gameServerSecret = z.object({ baseUrl: z.url(), operatorToken: z.string().min(1) });
export type GameServerSecret = z.infer<typeof gameServerSecret>;

export function parseGameServerSecret(plaintext: string): GameServerSecret {
  return gameServerSecret.parse(JSON.parse(plaintext));
}
