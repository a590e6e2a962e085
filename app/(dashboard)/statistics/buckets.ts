import type { Timeframe } from "@/components/data/types";

const HOUR = 3_600_000;
const SPAN_MS: Record<Timeframe, number> = { "24h": 24 * HOUR, "7d": 7 * 24 * HOUR, "30d": 30 * 24 * HOUR };

/**
 * Adds the empty buckets the server leaves out, so the x axis is continuous over the timeframe.
 * Steps from a bucket the server returned: its alignment (time zone of date_trunc) is kept.
 */
export function fillBuckets<T extends { bucket: string }>(
  rows: T[],
  bucket: string,
  timeframe: Timeframe,
  empty: Omit<T, "bucket">,
  now = Date.now(),
): T[] {
  const anchor = rows[0];
  if (!anchor) return rows;
  const step = bucket === "hour" ? HOUR : 24 * HOUR;
  const byTime = new Map(rows.map((r) => [new Date(r.bucket).getTime(), r]));
  const anchorMs = new Date(anchor.bucket).getTime();
  const start = anchorMs - Math.ceil((anchorMs - (now - SPAN_MS[timeframe])) / step) * step;
  const out: T[] = [];
  for (let t = start; t <= now; t += step) out.push(byTime.get(t) ?? ({ ...empty, bucket: new Date(t).toISOString() } as T));
  // Rows off the grid (a DST shift) are kept rather than dropped.
  for (const r of rows) if (!out.includes(r)) out.push(r);
  return out.sort((a, b) => Date.parse(a.bucket) - Date.parse(b.bucket));
}

export function formatBucket(iso: string, bucket: string) {
  const d = new Date(iso);
  return bucket === "hour"
    ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    : d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export function formatBucketLong(iso: string, bucket: string) {
  const d = new Date(iso);
  return bucket === "hour"
    ? d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    : d.toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" });
}
