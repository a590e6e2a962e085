import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { instances } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { connectorFor } from "@/lib/connectors";
import { inTransaction, type Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { refreshSearchTextForInstance } from "@/lib/search/search-text";
import { refuseDisallowedTarget } from "@/lib/security/refuse-target";
import { publicInstanceColumns } from "./queries";
import { connectionUrlProblem, updateInstanceInput } from "./schemas";

/**
 * Renames, enables/disables and/or replaces the connection URL of an instance in one transaction.
 * The URL is stored encrypted and never returned or audited; a new one clears the last test result.
 */
export async function updateInstance({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:write");
  const data = updateInstanceInput.parse(input);
  if (data.name === undefined && data.enabled === undefined && data.connectionUrl === undefined) {
    throw new AppError("bad_request:instance", "Nothing to change: send name, enabled and/or connectionUrl");
  }
  if (data.connectionUrl !== undefined) await refuseDisallowedTarget(data.connectionUrl, "connectionUrl");
  return inTransaction(ctx, async (tx) => {
    const [current] = await tx
      .select()
      .from(instances)
      .where(and(eq(instances.id, data.instanceId), isNull(instances.deletedAt)))
      .for("update");
    if (!current) throw new AppError("not_found:instance", "No instance with that id");
    const renamed = data.name !== undefined && data.name !== current.name;
    if (renamed) {
      const [clash] = await tx
        .select({ id: instances.id })
        .from(instances)
        .where(and(sql`lower(${instances.name}) = lower(${data.name})`, ne(instances.id, current.id), isNull(instances.deletedAt)));
      if (clash) throw new AppError("conflict:instance", `An instance named "${data.name}" already exists`);
    }
    let secret: { secretCiphertext: string; endpoint: string; lastTestAt: null; lastTestOk: null; lastTestMessage: null } | undefined;
    if (data.connectionUrl !== undefined) {
      const problem = connectionUrlProblem(current.kind, data.connectionUrl);
      if (problem) throw new AppError("bad_request:validation", problem, [{ path: "connectionUrl", message: problem }]);
      const endpoint = connectorFor(current.kind).endpoint(data.connectionUrl);
      secret = { secretCiphertext: encryptSecret(data.connectionUrl), endpoint, lastTestAt: null, lastTestOk: null, lastTestMessage: null };
    }
    const [updated] = await tx
      .update(instances)
      .set({
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
        ...secret,
        updatedAt: sql`now()`,
      })
      .where(eq(instances.id, current.id))
      .returning(publicInstanceColumns);
    // Sessions are searchable by instance name.
    if (renamed) await refreshSearchTextForInstance(tx, current.id);
    const onlyEnabled = data.enabled !== undefined && !renamed && !secret;
    await writeAudit(tx, ctx.actor, {
      action: onlyEnabled ? (data.enabled ? "instance.enable" : "instance.disable") : "instance.update",
      targetType: "instance",
      targetId: current.id,
      details: {
        name: updated!.name,
        ...(renamed ? { renamedFrom: current.name } : {}),
        ...(data.enabled !== undefined && data.enabled !== current.enabled ? { enabled: data.enabled } : {}),
        ...(secret ? { connectionReplaced: true, endpoint: secret.endpoint } : {}),
      },
    });
    await notifyChange(tx, "instance", current.id);
    return updated!;
  });
}
