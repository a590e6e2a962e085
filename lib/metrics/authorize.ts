import { createHash, timingSafeEqual } from "node:crypto";
import { requestCtx } from "@/lib/auth/server";
import { requirePermission } from "@/lib/auth/permissions";

/** Whether `bearer` is SYNCDECK_METRICS_TOKEN (compared in constant time; unset means no such token). */
export function isMetricsToken(bearer: string | undefined, configured = process.env.SYNCDECK_METRICS_TOKEN): boolean {
  if (!bearer || !configured) return false;
  const a = createHash("sha256").update(bearer).digest();
  const b = createHash("sha256").update(configured).digest();
  return timingSafeEqual(a, b);
}

/**
 * A scrape needs SYNCDECK_METRICS_TOKEN as a bearer token, or an API token of any role, or a
 * signed-in session (any role reads dashboards); otherwise the usual 401.
 */
export async function authorizeMetricsScrape(headers: Headers): Promise<void> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (isMetricsToken(bearer)) return;
  const ctx = await requestCtx(headers);
  requirePermission(ctx.actor, "dashboard:read");
}
