const REDACTED = "[redacted]";

/** Strings worth redacting when they appear verbatim; a decrypted instance secret may be a URL or JSON. */
/** A URL contributes only its password (host and port stay readable); JSON its values; anything else itself. */
function expandSecret(secret: string): string[] {
  try {
    const parsed: unknown = JSON.parse(secret);
    if (parsed && typeof parsed === "object") return Object.values(parsed).flatMap((v) => (typeof v === "string" ? expandSecret(v) : []));
  } catch {
    // not JSON
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(secret)) {
    try {
      const u = new URL(secret);
      return u.password ? [u.password, decodeURIComponent(u.password)] : [];
    } catch {
      // not a URL after all
    }
  }
  return [secret];
}

/**
 * Removes secrets from raw error text before it is stored or shown: passwords in connection
 * URLs, bearer tokens, `password=…`-style pairs, and any of `secrets` (e.g. the instance's own
 * decrypted secret) wherever they appear.
 */
export function scrubSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text;
  const literal = secrets
    .filter((s): s is string => typeof s === "string")
    .flatMap(expandSecret)
    // Short strings (a 1–3 character password) would redact random letters; the patterns below still catch them in URLs.
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const s of new Set(literal)) out = out.split(s).join(REDACTED);
  return out
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^@\s/]*@/gi, `$1${REDACTED}@`)
    .replace(/\b(bearer|basic)(\s+)[a-z0-9._~+/=-]+/gi, `$1$2${REDACTED}`)
    .replace(
      /\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,"')]+)/gi,
      `$1$2${REDACTED}`,
    );
}
