import { auditLog } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";

/** Writes the audit row of a mutation; call it inside the mutation's transaction. */
export async function writeAudit(
  tx: Executor,
  actor: Actor,
  entry: { action: string; targetType: string; targetId?: string | null; details?: Record<string, unknown> },
) {
  await tx.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details ?? null,
  });
}
