"use client";

import { Area, CartesianGrid, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, ChartLegend, ChartTooltip, formatCompact, GRID_STROKE } from "@/components/charts/chart-parts";
import type { Statistics } from "@/components/data/types";
import { formatBucket, formatBucketLong } from "./buckets";

const SYNCED = { key: "synced", label: "Synced", color: "var(--color-zinc-700)" };
export const itemsLegend = <ChartLegend series={[SYNCED]} />;

type Props = { data: Statistics["itemsOverTime"]; bucket: Statistics["bucket"] };

/** Items synced per hour/day (by runs that ended, from the rollups) as an area. */
export function ItemsChart({ data, bucket }: Props) {
  return (
    <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 640, height: 240 }}>
      <ComposedChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }} accessibilityLayer>
        <defs>
          <linearGradient id="items-synced-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={SYNCED.color} stopOpacity={0.18} />
            <stop offset="100%" stopColor={SYNCED.color} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} strokeDasharray="3 3" />
        <XAxis dataKey="bucket" {...AXIS} tickFormatter={(v: string) => formatBucket(v, bucket)} minTickGap={24} />
        <YAxis {...AXIS} allowDecimals={false} width={44} tickFormatter={formatCompact} />
        <Tooltip
          content={(p) => <ChartTooltip {...p} formatLabel={(l) => formatBucketLong(l, bucket)} formatValue={(v) => v.toLocaleString()} />}
        />
        <Area
          dataKey={SYNCED.key}
          name={SYNCED.label}
          type="monotone"
          stroke={SYNCED.color}
          strokeWidth={1.5}
          fill="url(#items-synced-fill)"
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
