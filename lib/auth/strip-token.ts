/**
 * The session token lives in an httpOnly cookie, out of page scripts' reach; better-auth also puts
 * it in JSON bodies (get-session's `session.token`, sign-in's `token`, list-sessions' tokens), where
 * any script on the page could read it. Nothing in the browser uses them: drop them from every body.
 */
export async function withoutSessionTokens(res: Response): Promise<Response> {
  if (!/^application\/json/i.test(res.headers.get("content-type") ?? "")) return res;
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  }
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(strip(body)), { status: res.status, statusText: res.statusText, headers });
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "token" && typeof v === "string") continue;
    out[k] = k === "session" || k === "sessions" ? strip(v) : v;
  }
  return out;
}
