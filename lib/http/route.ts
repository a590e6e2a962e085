import "server-only";
import { NextResponse } from "next/server";
import type { Ctx } from "@/lib/context";
import { requestCtx } from "@/lib/auth/server";
import { AppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { parseJsonBody } from "./json-body";
import { CROSS_SITE_MESSAGE, crossSiteRefusal, isJsonContentType } from "./origin";
import { timedRoute } from "@/lib/metrics/observe";

type RouteContext<P> = { params: Promise<P> };

/** Wraps a route handler: a signed-in user's ctx in, JSON out, every error mapped to `{ error }` with its status. */
export function withAuth<P = Record<string, string>>(handler: (req: Request, ctx: Ctx, params: P) => Promise<unknown>) {
  return timedRoute(async (req: Request, route: RouteContext<P>) => {
    try {
      guardCookieMutation(req);
      const ctx = await requestCtx(req.headers);
      const result = await handler(req, ctx, await route.params);
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err, req);
    }
  });
}

export function errorResponse(err: unknown, req?: Request) {
  const { status, body } = toErrorBody(err);
  if (status >= 500) logger.error({ err: (err as Error)?.message, path: req ? new URL(req.url).pathname : undefined }, "request failed");
  return NextResponse.json(body, { status });
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const isBearer = (req: Request) => /^Bearer\s/i.test(req.headers.get("authorization") ?? "");

/**
 * CSRF: a mutation carrying the browser's cookie must come from the app's own pages (403), and a
 * Content-Type, when sent, must be JSON (415): text/plain and form bodies are what a foreign page can
 * send without a preflight. Bearer-token calls carry no ambient credential and pass.
 */
function guardCookieMutation(req: Request) {
  if (!MUTATING.has(req.method) || isBearer(req)) return;
  const refusal = crossSiteRefusal(req.headers, req.url);
  if (refusal) throw new AppError("forbidden:cross_site", `${CROSS_SITE_MESSAGE} (${refusal})`);
  const type = req.headers.get("content-type");
  if (type !== null && !isJsonContentType(type))
    throw new AppError("unsupported_media_type:content_type", "Send the body as Content-Type: application/json");
}

/**
 * Parses a JSON body; anything else is a 4xx, not a 500 or a silent `{}`: a byte-order mark, invalid
 * UTF-8, malformed JSON, nesting deeper than 64, NUL characters or lone surrogates in any string (neither
 * can be stored: PostgreSQL refuses NUL, and a lone surrogate becomes U+FFFD in text and an error in jsonb).
 * Body routes take no query string.
 */
export async function readJson(req: Request): Promise<unknown> {
  noQuery(req);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (!bytes.length) return {};
  if (!isBearer(req) && !isJsonContentType(req.headers.get("content-type")))
    throw new AppError("unsupported_media_type:content_type", "Send the body as Content-Type: application/json");
  return parseJsonBody(bytes);
}

/** For routes that take no query string: an unexpected parameter is a 400, not silently ignored. */
export function noQuery(req: Request) {
  const keys = [...new URL(req.url).searchParams.keys()];
  if (keys.length)
    throw new AppError("bad_request:query", `This endpoint takes no query parameters (got ${[...new Set(keys)].join(", ")})`);
}

/** For routes that take no body: anything but an empty body or `{}` is a 400. */
export async function noBody(req: Request) {
  const body = await readJson(req);
  if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length) {
    throw new AppError("bad_request:body", "This endpoint takes no request body");
  }
}
