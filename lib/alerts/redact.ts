import { decryptSecret } from "@/lib/crypto/secrets";

/** What a destination may show: host (and port) only, never the path or query that carries a webhook's secret. */
export function destinationHost(urlEncrypted: string): string {
  try {
    return new URL(decryptSecret(urlEncrypted)).host;
  } catch {
    return "(unreadable)";
  }
}

/** Removes the URL (whole, path, query, long path segments) and the signing secret from text meant for people. */
export function scrub(text: string, url: string, secret?: string | null): string {
  let out = text;
  const needles: string[] = [url];
  try {
    const u = new URL(url);
    needles.push(u.pathname + u.search, u.search, u.search.slice(1), ...u.pathname.split("/").filter((s) => s.length >= 6));
    if (u.password) needles.push(u.password);
    if (u.username) needles.push(u.username);
  } catch {}
  if (secret) needles.push(secret);
  for (const n of needles.filter((x) => x && x.length > 1 && x !== "/").sort((a, b) => b.length - a.length)) out = out.split(n).join("…");
  return out;
}
