"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, ChartLegend, ChartTooltip, GRID_STROKE, STATUS_COLORS } from "@/components/charts/chart-parts";
import type { Statistics } from "@/components/data/types";
import { formatBucket, formatBucketLong } from "./buckets";

const SERIES = [
  { key: "completed", label: "Completed", color: STATUS_COLORS.completed },
  { key: "partial", label: "Partial", color: STATUS_COLORS.partial },
  { key: "failed", label: "Failed", color: STATUS_COLORS.failed },
  { key: "cancelled", label: "Cancelled", color: STATUS_COLORS.cancelled },
  { key: "running", label: "Running", color: STATUS_COLORS.running },
] as const;

export const runsLegend = <ChartLegend series={[...SERIES]} />;

type Props = { data: Statistics["runsOverTime"]; bucket: Statistics["bucket"] };

/** Runs per hour/day, stacked by how they ended. */
export function RunsChart({ data, bucket }: Props) {
  return (
    <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 640, height: 240 }}>
      <BarChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barCategoryGap="20%" accessibilityLayer>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} strokeDasharray="3 3" />
        <XAxis dataKey="bucket" {...AXIS} tickFormatter={(v: string) => formatBucket(v, bucket)} minTickGap={24} />
        <YAxis {...AXIS} allowDecimals={false} width={36} />
        <Tooltip
          cursor={{ fill: "var(--color-accent)" }}
          content={(p) => <ChartTooltip {...p} hideZero formatLabel={(l) => formatBucketLong(l, bucket)} formatValue={(v) => v} />}
        />
        {SERIES.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stackId="runs"
            fill={s.color}
            maxBarSize={36}
            radius={i === SERIES.length - 1 ? [3, 3, 0, 0] : 0}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
