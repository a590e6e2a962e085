import { z } from "zod";
import { SYNC_CATEGORIES } from "@/lib/sync-sessions/schemas";
import { ANALYTICS_TIMEFRAMES, type AnalyticsTimeframe, SYNC_TYPES } from "@/lib/domain/values";

export { ANALYTICS_TIMEFRAMES };
export const ANALYTICS_METRICS = ["all", "count", "success_rate", "duration", "items"] as const;
export type { AnalyticsTimeframe };
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

export const analyticsQuery = z
  .object({
    timeframe: z.enum(ANALYTICS_TIMEFRAMES, { message: `timeframe must be one of ${ANALYTICS_TIMEFRAMES.join(", ")}` }).default("24h"),
    type: z.enum(SYNC_TYPES, { message: "type must be scheduled or manual_batch" }).optional(),
    category: z.enum(SYNC_CATEGORIES, { message: `category must be one of ${SYNC_CATEGORIES.join(", ")}` }).optional(),
    metric: z.enum(ANALYTICS_METRICS, { message: `metric must be one of ${ANALYTICS_METRICS.join(", ")}` }).default("all"),
  })
  .strict();

export type AnalyticsQuery = z.input<typeof analyticsQuery>;

const count = z.number().int().min(0);
const ms = z.number().int().min(0).nullable();
const rate = z.number().min(0).max(1).nullable();

/** Fields of a series point or the totals; which ones a point carries depends on `metric`. */
const measures = {
  runs: count.describe("Finished runs (always present)"),
  completed: count.optional().describe("Completed without a failed instance"),
  partial: count.optional().describe("Completed with at least one failed instance"),
  failed: count.optional(),
  cancelled: count.optional(),
  successRate: rate.optional().describe("completed / (runs − cancelled); null without such runs"),
  durationP50Ms: ms.optional().describe("Median run duration (cancelled runs excluded)"),
  durationP95Ms: ms.optional(),
  durationAvgMs: ms.optional(),
  durationMaxMs: ms.optional(),
  itemsSynced: count.optional().describe("Items synced by the runs' instance records"),
  instances: count.optional().describe("Instance records of the runs"),
  instancesFailed: count.optional(),
};

export const analyticsPointSchema = z.object({ start: z.iso.datetime({ offset: true }).describe("Bucket start (UTC)"), ...measures });

export const sessionAnalyticsSchema = z.object({
  timeframe: z.enum(ANALYTICS_TIMEFRAMES),
  metric: z.enum(ANALYTICS_METRICS),
  type: z.enum(SYNC_TYPES).nullable(),
  category: z.enum(SYNC_CATEGORIES).nullable(),
  bucket: z.enum(["5m", "1h", "1d"]).describe("Width of each series bucket"),
  bucketSeconds: z.number().int().positive(),
  source: z
    .enum(["sessions", "rollups"])
    .describe(
      "`sessions`: computed from the runs themselves (1h, exact percentiles); `rollups`: from the hourly pre-aggregates (percentiles estimated from a histogram)",
    ),
  from: z.iso.datetime({ offset: true }).describe("Start of the first bucket"),
  to: z.iso.datetime({ offset: true }).describe("Now"),
  series: z.array(analyticsPointSchema).describe("One point per bucket, oldest first, empty buckets included"),
  totals: z.object(measures).required().describe("Over the whole window, every measure"),
});

export type SessionAnalytics = z.infer<typeof sessionAnalyticsSchema>;
export type AnalyticsPoint = z.infer<typeof analyticsPointSchema>;
