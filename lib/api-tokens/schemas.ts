import { z } from "zod";
import { TOKEN_ROLES } from "@/lib/domain/values";

export const createApiTokenInput = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
    role: z.enum(TOKEN_ROLES, { message: "A token's role is ops or viewer" }),
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();

export const apiTokenIdInput = z.object({ tokenId: z.uuid("Token id must be a UUID") }).strict();
