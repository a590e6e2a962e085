import { sql } from "drizzle-orm";
import { instances } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write";
import { requirePermission } from "@/lib/auth/permissions";
import { connectorFor } from "@/lib/connectors";
import { inTransaction, type Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { refuseDisallowedTarget } from "@/lib/security/refuse-target";
import { createInstanceInput } from "./schemas";
import { publicInstanceColumns } from "./queries";

export async function createInstance({ ctx, input }: { ctx: Ctx; input: unknown }) {
  requirePermission(ctx.actor, "instance:write");
  const data = createInstanceInput.parse(input);
  await refuseDisallowedTarget(data.connectionUrl, "connectionUrl");
  return inTransaction(ctx, async (tx) => {
    const [clash] = await tx
      .select({ id: instances.id })
      .from(instances)
      .where(sql`lower(${instances.name}) = lower(${data.name}) and ${instances.deletedAt} is null`);
    if (clash) throw new AppError("conflict:instance", `An instance named "${data.name}" already exists`);
    const [created] = await tx
      .insert(instances)
      .values({
        name: data.name,
        kind: data.kind,
        secretCiphertext: encryptSecret(data.connectionUrl),
        endpoint: connectorFor(data.kind).endpoint(data.connectionUrl),
      })
      .returning(publicInstanceColumns);
    if (!created) throw new Error("insert returned nothing");
    await writeAudit(tx, ctx.actor, {
      action: "instance.create",
      targetType: "instance",
      targetId: created.id,
      details: { name: created.name, kind: created.kind, endpoint: created.endpoint },
    });
    await notifyChange(tx, "instance", created.id);
    return created;
  });
}
