// Which origins may send the browser's cookie along with a mutation (CSRF). Framework-free: the
// proxy, the route handlers and better-auth's config all read the same list.

/** The app's public URL: BETTER_AUTH_URL, or localhost on PORT. */
export function appBaseUrl(): string {
  return process.env.BETTER_AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

/** The app's own origins (its public URL, and localhost/127.0.0.1 on its port) plus SYNCDECK_TRUSTED_ORIGINS (comma-separated). */
export function trustedOrigins(): string[] {
  const base = new URL(appBaseUrl());
  const port = base.port ? `:${base.port}` : "";
  const extra = (process.env.SYNCDECK_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      try {
        return new URL(s).origin;
      } catch {
        return s;
      }
    });
  return [...new Set([base.origin, `${base.protocol}//127.0.0.1${port}`, `${base.protocol}//localhost${port}`, ...extra])];
}

/** Hosts (host:port) of SYNCDECK_TRUSTED_ORIGINS, as Next's server-action check wants them. */
export function trustedOriginHosts(): string[] {
  return trustedOrigins().flatMap((o) => {
    try {
      return [new URL(o).host];
    } catch {
      return [];
    }
  });
}

type HeaderSource = { get(name: string): string | null; has(name: string): boolean };

/** The request's own host: the first X-Forwarded-Host, else Host, else the URL's (a browser cannot forge these cross-site without a preflight). */
function ownHost(headers: HeaderSource, url: string): string | undefined {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (forwarded) return forwarded.toLowerCase();
  const host = headers.get("host")?.trim();
  if (host) return host.toLowerCase();
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Why a cookie-carrying mutation must be refused as cross-site, or null when it may go on. Allowed:
 * an Origin that is the request's own host, the app's URL or a trusted origin; without an Origin,
 * `Sec-Fetch-Site: same-origin`, or no Sec-Fetch-* header at all (a non-browser client: browsers send
 * both on every cross-site POST). `Origin: null` (sandboxed frames, data: URLs, some redirects) never is.
 */
export function crossSiteRefusal(headers: HeaderSource, url: string): string | null {
  const origin = headers.get("origin");
  if (origin !== null) {
    if (origin === "null") return "Origin null";
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return "an unreadable Origin";
    }
    if (parsed.host.toLowerCase() === ownHost(headers, url)) return null;
    if (trustedOrigins().includes(parsed.origin)) return null;
    return `Origin ${parsed.origin.slice(0, 100)}`;
  }
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin") return null;
  if (site !== null) return `Sec-Fetch-Site ${site.slice(0, 40)}`;
  if (headers.has("sec-fetch-mode") || headers.has("sec-fetch-dest") || headers.has("sec-fetch-user"))
    return "a browser request without Origin";
  return null;
}

export const CROSS_SITE_MESSAGE = "Cross-site request refused: send it from the app's own pages, or use an API token";

/** Whether a Content-Type names JSON (`application/json`, with or without parameters). */
export function isJsonContentType(value: string | null): boolean {
  return value !== null && /^application\/json\s*(;|$)/i.test(value.trim());
}
