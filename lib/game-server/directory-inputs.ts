import { z } from "zod";

export const refreshDirectoryInput = z.object({ instanceId: z.uuid("Instance id must be a UUID") }).strict();
export const setGameAccountTokenInput = z
  .object({
    gameAccountId: z.uuid("Game account id must be a UUID"),
    token: z.string().trim().min(1, "Token is required").max(2000, "Token is too long").describe("Stored encrypted; never returned"),
  })
  .strict();
