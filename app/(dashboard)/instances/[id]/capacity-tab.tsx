"use client";

import { useQuery } from "@tanstack/react-query";
import { DatabaseIcon } from "lucide-react";
import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, ChartLegend, ChartTooltip, GRID_STROKE } from "@/components/charts/chart-parts";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { QueryError } from "@/components/query-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatBytes } from "@/components/synced-data/format";
import { instanceCapacityQuery } from "@/components/synced-data/queries";
import type { Capacity } from "@/components/synced-data/types";

// Tailwind 500s, distinct in light and dark mode.
const COLORS = ["#3b82f6", "#10b981", "#f59e0b", "#8b5cf6", "#ef4444", "#06b6d4", "#ec4899", "#84cc16", "#71717a"];

const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { month: "short", day: "numeric" });
const instant = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

export function CapacityTab({ instanceId }: { instanceId: string }) {
  const { data, error, isPending } = useQuery({ ...instanceCapacityQuery(instanceId), refetchInterval: useLiveRefetchInterval() });
  if (isPending) return <p className="px-4 py-6 text-[13px] text-muted-foreground">Loading…</p>;
  if (!data) return <QueryError error={error} />;
  if (data.databases.length === 0) {
    return (
      <>
        <QueryError error={error} />
        <EmptyState icon={DatabaseIcon} title="No capacity samples yet">
          Run a capacity sync of this instance; each run samples the size of every database.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <QueryError error={error} />
      <CapacityChart data={data} />
      <Table>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Database</TableHead>
            <TableHead className="text-right">Size</TableHead>
            <TableHead className="text-right whitespace-nowrap">Growth / day</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Samples</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.databases.map((d) => (
            <TableRow key={d.databaseName} data-testid="capacity-row" data-database={d.databaseName}>
              <TableCell className="font-medium">{d.databaseName}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{formatBytes(d.latestBytes)}</TableCell>
              <TableCell
                className="text-right whitespace-nowrap tabular-nums"
                title="Between the first and the last sample of the last 30 days"
              >
                {d.growthBytesPerDay === null ? (
                  <span className="text-muted-foreground" title="Needs samples at least an hour apart">
                    —
                  </span>
                ) : (
                  `${d.growthBytesPerDay >= 0 ? "+" : ""}${formatBytes(d.growthBytesPerDay)}`
                )}
              </TableCell>
              <TableCell className="hidden text-right tabular-nums text-muted-foreground sm:table-cell">{d.points.length}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

/** One line per database over the last 30 days; samples of one run share an instant, so they share a row. */
function CapacityChart({ data }: { data: Capacity }) {
  const { rows, series } = useMemo(() => {
    const byAt = new Map<number, Record<string, number>>();
    const series = data.databases.map((d, i) => ({ key: `db${i}`, label: d.databaseName, color: COLORS[i % COLORS.length]! }));
    data.databases.forEach((d, i) => {
      for (const p of d.points) {
        const at = Date.parse(p.at);
        const row = byAt.get(at) ?? { at };
        row[`db${i}`] = p.bytes;
        byAt.set(at, row);
      }
    });
    return { rows: [...byAt.values()].sort((a, b) => a.at! - b.at!), series };
  }, [data]);
  return (
    <div className="border-b px-2 pt-4 pb-2" data-testid="capacity-chart">
      <div className="mb-2 px-2">
        <ChartLegend series={series} />
      </div>
      <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 640, height: 240 }}>
        <LineChart data={rows} margin={{ top: 10, right: 12, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} strokeDasharray="3 3" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} {...AXIS} tickFormatter={day} minTickGap={24} />
          <YAxis {...AXIS} width={72} tickFormatter={(v: number) => formatBytes(v)} />
          <Tooltip content={(p) => <ChartTooltip {...p} formatLabel={(l) => instant(Number(l))} formatValue={(v) => formatBytes(v)} />} />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              type="monotone"
              stroke={s.color}
              strokeWidth={1.5}
              dot={rows.length < 30}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
