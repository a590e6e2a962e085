// GET /api/v1/instances/{id}; PATCH — rename, enable/disable, replace the connection URL (write-only); DELETE.
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { noBody, noQuery, readJson, withAuth } from "@/lib/http/route";
import { deleteInstance } from "@/lib/instances/delete";
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

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return deleteInstance({ ctx, input: { instanceId: id } });
});
