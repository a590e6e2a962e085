// GET /api/metrics — Prometheus text format; a metrics token, an API token or a session (lib/metrics).
import { appDb } from "@/db/client";
import { errorResponse } from "@/lib/http/route";
import { authorizeMetricsScrape } from "@/lib/metrics/authorize";
import { renderMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    await authorizeMetricsScrape(req.headers);
    const { contentType, text } = await renderMetrics(appDb().db);
    return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err, req);
  }
}
