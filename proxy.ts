import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageContentSecurityPolicy } from "@/lib/http/csp";
import { AppError, toErrorBody } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/json-body";
import { CROSS_SITE_MESSAGE, crossSiteRefusal } from "@/lib/http/origin";

/** Next's own limit for a server action's body (serverActions.bodySizeLimit); past it Next would answer 500. */
export const ACTION_BODY_LIMIT = 1024 * 1024;

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function refuse(code: ConstructorParameters<typeof AppError>[0], message: string) {
  const { status, body } = toErrorBody(new AppError(code, message));
  return NextResponse.json(body, { status });
}

/**
 * Runs before every page, server action and API route:
 * - a path that is not valid percent-encoded UTF-8 is a JSON 400 (Next would answer a plain 500);
 * - a POST to a page (a server action) from another site is a 403 (Next answers 500), a body that is
 *   not JSON a 400, one over 1 MB a 413;
 * - pages get a per-request nonce CSP, and without a session cookie go to sign-in (a cheap first
 *   gate: the real checks happen on the server per request).
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  try {
    decodeURIComponent(pathname);
  } catch {
    return refuse("bad_request:path", "The request path is not valid percent-encoded UTF-8");
  }
  if (pathname === "/api" || pathname.startsWith("/api/")) return NextResponse.next();

  if (!SAFE.has(request.method)) {
    const refusal = crossSiteRefusal(request.headers, request.url);
    if (refusal) return refuse("forbidden:cross_site", `${CROSS_SITE_MESSAGE} (${refusal})`);
    if (request.headers.has("next-action")) {
      const bad = await actionBodyProblem(request);
      if (bad) return bad;
    }
  }

  if (!pathname.startsWith("/sign-in") && !getSessionCookie(request)) {
    const url = new URL("/sign-in", request.url);
    const next = pathname + request.nextUrl.search;
    if (next !== "/") url.searchParams.set("next", next);
    return NextResponse.redirect(url);
  }

  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  return res;
}

/**
 * A server action's body as the browser sends it: JSON text (React's reply encoding) or, when an
 * argument holds files, multipart form data. Anything else Next would fail on with a 500.
 */
async function actionBodyProblem(request: NextRequest): Promise<NextResponse | null> {
  const tooLarge = () => refuse("payload_too_large:body", `A server action's body may be at most ${ACTION_BODY_LIMIT / 1024 / 1024} MB`);
  if (Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT) return tooLarge();
  const bytes = await readAtMost(request.clone(), ACTION_BODY_LIMIT);
  if (!bytes) return tooLarge();
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) return null;
  if (type && !type.startsWith("text/plain")) return refuse("bad_request:body", "A server action's body must be JSON text");
  try {
    parseJsonBody(bytes);
  } catch (err) {
    const { status, body } = toErrorBody(err);
    return NextResponse.json(body, { status });
  }
  return null;
}

/** The body's bytes, or null when it is longer than `limit` (reading stops there). */
async function readAtMost(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: a cancelled branch of a tee'd body settles only once the other branch is done too.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

// Everything but Next's static files: pages (nonce, sign-in gate), server actions and API paths (encoding).
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
