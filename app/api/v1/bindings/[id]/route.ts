// DELETE /api/v1/bindings/{id} — unbind (binding inactive, live session deactivated, data kept).
import { unbindAccount } from "@/lib/bindings/unbind";
import { noBody, noQuery, withAuth } from "@/lib/http/route";

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return unbindAccount({ ctx, input: { bindingId: id } });
});
