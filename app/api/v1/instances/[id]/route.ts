// GET /api/v1/instances/{id}; PATCH — enable or disable.
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { noQuery, readJson, withAuth } from "@/lib/http/route";
import { getInstance } from "@/lib/instances/queries";
import { setInstanceEnabledInput } from "@/lib/instances/schemas";
import { setInstanceEnabled } from "@/lib/instances/set-enabled";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  requirePermission(ctx.actor, "instance:read");
  const instance = /^[0-9a-f-]{36}$/i.test(id) ? await getInstance(ctx.db, id) : undefined;
  if (!instance) throw new AppError("not_found:instance", "No instance with that id");
  return instance;
});

export const PATCH = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  const body = setInstanceEnabledInput.omit({ instanceId: true }).parse(await readJson(req));
  return setInstanceEnabled({ ctx, input: { ...body, instanceId: id } });
});
