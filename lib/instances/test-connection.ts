import { and, eq, isNull, sql } from "drizzle-orm";
import { instances } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { connectorFor } from "@/lib/connectors";
import { UpstreamError } from "@/lib/connectors/types";
import { inTransaction, type Ctx } from "@/lib/context";
import { decryptSecret, SecretKeyError } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { instanceIdInput } from "./schemas";

/** Connects to the instance now and records the outcome; the connection happens outside any transaction. */
export async function testInstanceConnection({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:test");
  const { instanceId } = instanceIdInput.parse(input);
  const [instance] = await ctx.db
    .select()
    .from(instances)
    .where(and(eq(instances.id, instanceId), isNull(instances.deletedAt)));
  if (!instance) throw new AppError("not_found:instance", "No instance with that id");
  let ok = true;
  let message: string;
  try {
    message = `Connected: ${await connectorFor(instance.kind).test(decryptSecret(instance.secretCiphertext))}`;
  } catch (err) {
    ok = false;
    // Only our own messages are known to be free of secrets.
    message =
      err instanceof UpstreamError || err instanceof SecretKeyError
        ? err.message
        : "Connection test failed inside Syncdeck; see the server log";
  }
  return inTransaction(ctx, async (tx) => {
    await tx
      .update(instances)
      .set({ lastTestAt: sql`now()`, lastTestOk: ok, lastTestMessage: message })
      .where(eq(instances.id, instanceId));
    await writeAudit(tx, ctx.actor, { action: "instance.test", targetType: "instance", targetId: instanceId, details: { ok } });
    await notifyChange(tx, "instance", instanceId);
    return { ok, message };
  });
}
