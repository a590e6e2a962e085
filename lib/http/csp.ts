// The pages' Content-Security-Policy, built per request by the proxy: scripts run only with this
// request's nonce (Next puts it on its own bootstrap scripts when it finds it in the request's CSP
// header; other inline scripts, e.g. a theme script, take it from the `x-nonce` request header).
// 'strict-dynamic' lets those scripts load the app's chunks. Styles keep 'unsafe-inline': Radix and
// sonner set style attributes, and a style cannot run code. Everything is same-origin; /api/live (SSE)
// is covered by connect-src 'self'.

export function pageContentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For everything the proxy does not render (API answers, static files): no inline script at all. */
export const STATIC_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** A fresh, unguessable nonce (128 bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
