// GET /api/v1/sessions/{id}?include=logs,stats — a sync session with its instance records (ETag: its version);
// PUT — edit label/note (If-Match or `version`); DELETE — terminate (cancel).
import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { noBody, noQuery, readJson, withAuth } from "@/lib/http/route";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { parseSessionIncludes, sessionLogs, sessionStats } from "@/lib/sync-sessions/logs-stats";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { updateSyncSession } from "@/lib/sync-sessions/update";

export const dynamic = "force-dynamic";

const etag = (version: number) => `"${version}"`;

export const GET = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  requirePermission(ctx.actor, "dashboard:read");
  const include = parseSessionIncludes(Object.fromEntries(new URL(req.url).searchParams));
  const session = await getSyncSession(ctx.db, id);
  const [logs, stats] = await Promise.all([
    include.has("logs") ? sessionLogs(ctx.db, session.id) : undefined,
    include.has("stats") ? sessionStats(ctx.db, session.id) : undefined,
  ]);
  return NextResponse.json(
    { ...session, ...(logs ? { logs } : {}), ...(stats ? { stats } : {}) },
    { headers: { ETag: etag(session.version) } },
  );
});

export const PUT = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  const body = await readJson(req);
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new AppError("bad_request:body", "Body must be a JSON object");
  const { version, ...rest } = body as { version?: unknown };
  const expectedVersion = version ?? ifMatchVersion(req.headers.get("if-match"));
  const updated = await updateSyncSession({ ctx, input: { ...rest, sessionId: id, expectedVersion } });
  return NextResponse.json(updated, { headers: { ETag: etag(updated.version) } });
});

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent → undefined (the verb answers 428). */
function ifMatchVersion(header: string | null): number | undefined {
  if (header === null) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw new AppError("bad_request:if_match", 'If-Match must be the version in quotes, e.g. "3"');
  return Number(m[1]);
}

export const DELETE = withAuth<{ id: string }>(async (req, ctx, { id }) => {
  noQuery(req);
  await noBody(req);
  return cancelSyncSession({ ctx, input: { sessionId: id } });
});
