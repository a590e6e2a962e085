/**
 * Ids are UUIDv7: the first 12 hex digits are a millisecond timestamp, so runs started within
 * the same minute share their first 8. The random tail (last 8 hex digits) tells them apart.
 */
export function shortId(id: string): string {
  const hex = id.replace(/-/g, "");
  return /^[0-9a-f]{32}$/i.test(hex) ? hex.slice(-8) : id;
}
