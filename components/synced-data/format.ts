const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/** Bytes in binary steps with one decimal, e.g. 7.4 MB. */
export function formatBytes(n: number) {
  const neg = n < 0;
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${neg ? "−" : ""}${i === 0 ? v : v.toFixed(1)} ${UNITS[i]}`;
}

/** A stored attribute value in words: lists joined, objects as compact JSON, nothing as a dash. */
export function formatValue(v: unknown, attribute?: string): string {
  if (v === null || v === undefined) return "—";
  if (attribute === "bytes" && typeof v === "number") return formatBytes(v);
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map((x) => formatValue(x)).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
