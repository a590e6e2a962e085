"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, ChartLegend, ChartTooltip, GRID_STROKE } from "@/components/charts/chart-parts";
import { formatDuration } from "@/components/time";
import type { Statistics } from "@/components/data/types";
import { categoryLabel } from "../sessions/labels";

const SERIES = [
  { key: "p50", label: "p50", color: "var(--color-zinc-400)" },
  { key: "p95", label: "p95", color: "var(--color-zinc-700)" },
] as const;

export const durationsLegend = <ChartLegend series={[...SERIES]} />;

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

/** Median and 95th percentile run duration per category, in seconds. */
export function DurationsChart({ data }: { data: Statistics["durations"] }) {
  const rows = data.map((d) => ({ category: categoryLabel(d.category), runs: d.runs, p50: seconds(d.p50_ms), p95: seconds(d.p95_ms) }));
  return (
    <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 420, height: 240 }}>
      <BarChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barGap={3} barCategoryGap="28%" accessibilityLayer>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} strokeDasharray="3 3" />
        <XAxis dataKey="category" {...AXIS} />
        <YAxis {...AXIS} width={40} unit=" s" />
        <Tooltip
          cursor={{ fill: "var(--color-accent)" }}
          content={(p) => (
            <ChartTooltip
              {...p}
              formatValue={(v) => formatDuration(v * 1000)}
              footer={(row) => `${Number(row.runs)} finished run${Number(row.runs) === 1 ? "" : "s"}`}
            />
          )}
        />
        {SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} maxBarSize={40} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
