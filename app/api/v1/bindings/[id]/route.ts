// GET /api/v1/bindings/{id} — one binding with its live session; DELETE — unbind (binding inactive, live session deactivated, data kept).
import { requirePermission } from "@/lib/auth/permissions";
import { getBinding } from "@/lib/bindings/queries";
import { unbindAccount } from "@/lib/bindings/unbind";
import { AppError } from "@/lib/errors";
import { noBody, noQuery, withAuth } from "@/lib/http/route";
import { isUuid } from "@/lib/ids";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "dashboard:read");
  noQuery(req);
  const binding = isUuid(id) ? await getBinding(ctx.db, id) : null;
  if (!binding) throw new AppError("not_found:binding", "No binding with this id");
  return binding;
});

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return unbindAccount({ ctx, input: { bindingId: id } });
});
