import { z } from "zod";

export const bindInput = z
  .object({
    gameAccountId: z.uuid("Game account id must be a UUID"),
    storeId: z.uuid("Store id must be a UUID"),
  })
  .strict();

export const bindingIdInput = z.object({ bindingId: z.uuid("Binding id must be a UUID") }).strict();
