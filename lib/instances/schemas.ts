import { z } from "zod";
import { DATABASE_KINDS } from "@/lib/domain/values";

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
    kind: z.enum(DATABASE_KINDS, { message: "Kind must be postgres or mysql" }),
    connectionUrl: z.string().trim().min(1, "Connection URL is required").max(2000, "Connection URL is too long"),
  })
  .strict()
  .superRefine((v, c) => {
    if (!urlMatches(v.kind, v.connectionUrl)) {
      c.addIssue({ code: "custom", path: ["connectionUrl"], message: `Connection URL must look like ${EXAMPLES[v.kind]}` });
    }
  });

export const instanceIdInput = z.object({ instanceId: z.uuid("Instance id must be a UUID") }).strict();

export const setInstanceEnabledInput = z.object({ instanceId: z.uuid("Instance id must be a UUID"), enabled: z.boolean() }).strict();

/** PATCH /api/v1/instances/{id}: any of name, enabled and a replacement connection URL (write-only). */
export const updateInstanceInput = z
  .object({
    instanceId: z.uuid("Instance id must be a UUID"),
    name: createInstanceInput.shape.name.optional(),
    enabled: z.boolean().optional(),
    connectionUrl: createInstanceInput.shape.connectionUrl.optional().describe("Replaces the stored connection URL; never returned"),
  })
  .strict();

/** Why a connection URL does not suit an instance kind, or null when it does. */
export function connectionUrlProblem(kind: string, value: string): string | null {
  if (kind !== "postgres" && kind !== "mysql") return "Only PostgreSQL and MySQL instances take a connection URL";
  return urlMatches(kind, value) ? null : `Connection URL must look like ${EXAMPLES[kind]}`;
}

export type CreateInstanceInput = z.input<typeof createInstanceInput>;
