// POST /api/v1/instances/{id}/test — connect now and record the outcome.
import { noBody, noQuery, withAuth } from "@/lib/http/route";
import { testInstanceConnection } from "@/lib/instances/test-connection";

export const POST = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return testInstanceConnection({ ctx, input: { instanceId: id } });
});
