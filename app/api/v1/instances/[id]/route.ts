// GET /api/v1/instances/{id}; PATCH — rename, enable/disable, replace the connection URL (write-only).
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { noQuery, readJson, withAuth } from "@/lib/http/route";
import { getInstance } from "@/lib/instances/queries";
import { updateInstanceInput } from "@/lib/instances/schemas";
import { updateInstance } from "@/lib/instances/update";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "instance:read");
  const instance = isUuid(id) ? await getInstance(ctx.db, id) : undefined;
  if (!instance) throw new AppError("not_found:instance", "No instance with that id");
  return instance;
});

export const PATCH = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  const body = updateInstanceInput.omit({ instanceId: true }).parse(await readJson(req));
  return updateInstance({ ctx, input: { ...body, instanceId: id } });
});
