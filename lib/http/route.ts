import "server-only";
import { NextResponse } from "next/server";
import type { Ctx } from "@/lib/context";
import { requestCtx } from "@/lib/auth/server";
import { AppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";

type RouteContext<P> = { params: Promise<P> };

/** Wraps a route handler: a signed-in user's ctx in, JSON out, every error mapped to `{ error }` with its status. */
export function withAuth<P = Record<string, string>>(handler: (req: Request, ctx: Ctx, params: P) => Promise<unknown>) {
  return async (req: Request, route: RouteContext<P>) => {
    try {
      const ctx = await requestCtx(req.headers);
      const result = await handler(req, ctx, await route.params);
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err, req);
    }
  };
}

export function errorResponse(err: unknown, req?: Request) {
  const { status, body } = toErrorBody(err);
  if (status >= 500) logger.error({ err: (err as Error)?.message, path: req ? new URL(req.url).pathname : undefined }, "request failed");
  return NextResponse.json(body, { status });
}

/** Parses a JSON body; a malformed one is a 400, not a 500. Body routes take no query string. */
export async function readJson(req: Request): Promise<unknown> {
  noQuery(req);
  const text = await req.text();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request:json", "Request body is not valid JSON");
  }
  // PostgreSQL cannot store NUL in text: refuse it here with a clear message.
  if (hasNul(value)) throw new AppError("bad_request:json", "Text in the request body may not contain NUL characters (\\u0000)");
  return value;
}

function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v));
  return false;
}

/** For routes that take no query string: an unexpected parameter is a 400, not silently ignored. */
export function noQuery(req: Request) {
  const keys = [...new URL(req.url).searchParams.keys()];
  if (keys.length) throw new AppError("bad_request:query", `This endpoint takes no query parameters (got ${[...new Set(keys)].join(", ")})`);
}

/** For routes that take no body: anything but an empty body or `{}` is a 400. */
export async function noBody(req: Request) {
  const body = await readJson(req);
  if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length) {
    throw new AppError("bad_request:body", "This endpoint takes no request body");
  }
}
