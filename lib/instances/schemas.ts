import { z } from "zod";

const PROTOCOLS = { postgres: ["postgres:", "postgresql:"], mysql: ["mysql:"] } as const;
const EXAMPLES = { postgres: "postgres://user:password@host:5432/database", mysql: "mysql://user:password@host:3306/database" } as const;

function urlMatches(kind: keyof typeof PROTOCOLS, value: string) {
  try {
    const u = new URL(value);
    return (PROTOCOLS[kind] as readonly string[]).includes(u.protocol) && u.hostname.length > 0;
  } catch {
    return false;
  }
}

export const createInstanceInput = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
    kind: z.enum(["postgres", "mysql"], { message: "Kind must be postgres or mysql" }),
    connectionUrl: z.string().trim().min(1, "Connection URL is required").max(2000, "Connection URL is too long"),
  })
  .strict()
  .superRefine((v, c) => {
    if (!urlMatches(v.kind, v.connectionUrl)) {
      c.addIssue({ code: "custom", path: ["connectionUrl"], message: `Connection URL must look like ${EXAMPLES[v.kind]}` });
    }
  });

export const instanceIdInput = z.object({ instanceId: z.uuid("Instance id must be a UUID") }).strict();

export const setInstanceEnabledInput = z
  .object({ instanceId: z.uuid("Instance id must be a UUID"), enabled: z.boolean() })
  .strict();

export type CreateInstanceInput = z.input<typeof createInstanceInput>;
