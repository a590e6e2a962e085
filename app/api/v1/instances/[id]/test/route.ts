// POST /api/v1/instances/{id}/test — connect now and record the outcome.
import { withAuth } from "@/lib/http/route";
import { testInstanceConnection } from "@/lib/instances/test-connection";

export const POST = withAuth<{ id: string }>(async (_req, ctx, { id }) => testInstanceConnection({ ctx, input: { instanceId: id } }));
