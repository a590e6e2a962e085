import { z } from "zod";

const connectionUrl = z
  .string()
  .trim()
  .max(2000, "Connection URL is too long")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, "Connection URL must look like postgres://user:password@host:5432/database");

export const createInstanceInput = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
    kind: z.literal("postgres", { message: "Only PostgreSQL instances can be added yet" }),
    connectionUrl,
  })
  .strict();

export const instanceIdInput = z.object({ instanceId: z.uuid("Instance id must be a UUID") }).strict();

export const setInstanceEnabledInput = z
  .object({ instanceId: z.uuid("Instance id must be a UUID"), enabled: z.boolean() })
  .strict();

export type CreateInstanceInput = z.input<typeof createInstanceInput>;
