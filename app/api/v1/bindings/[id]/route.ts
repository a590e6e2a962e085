// DELETE /api/v1/bindings/{id} — unbind (binding inactive, live session deactivated, data kept).
import { unbindAccount } from "@/lib/bindings/unbind";
import { withAuth } from "@/lib/http/route";

export const DELETE = withAuth<{ id: string }>(async (_req, ctx, { id }) => unbindAccount({ ctx, input: { bindingId: id } }));
