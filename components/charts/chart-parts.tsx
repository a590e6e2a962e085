"use client";

import type { TooltipContentProps } from "recharts";

/** Status colours shared by charts and badges (Tailwind's emerald/amber/red/zinc/blue 500). */
export const STATUS_COLORS = {
  completed: "#10b981",
  partial: "#f59e0b",
  failed: "#ef4444",
  cancelled: "#a1a1aa",
  running: "#3b82f6",
} as const;

export const AXIS = {
  tick: { fontSize: 11, fill: "#71717a" },
  tickLine: false,
  axisLine: false,
} as const;

// The theme's border colour, so the grid reads in light and dark mode alike.
export const GRID_STROKE = "var(--color-border)";

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
export const formatCompact = (n: number) => compact.format(n);

type Series = { key: string; label: string; color: string };

export function ChartLegend({ series }: { series: Series[] }) {
  return (
    <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden className="size-2 rounded-[2px]" style={{ background: s.color }} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

type TooltipProps = Partial<Pick<TooltipContentProps, "active" | "payload" | "label">> & {
  formatLabel?: (label: string) => React.ReactNode;
  formatValue?: (value: number) => React.ReactNode;
  /** Hide rows whose value is zero (stacked charts with many series). */
  hideZero?: boolean;
  footer?: (row: Record<string, unknown>) => React.ReactNode;
};

/** The hover card of every chart: zinc card, a dot per series, tabular numbers. */
export function ChartTooltip({ active, payload, label, formatLabel, formatValue = formatCompact, hideZero, footer }: TooltipProps) {
  if (!active || !payload?.length) return null;
  const rows = payload.filter((p) => !hideZero || Number(p.value) !== 0);
  const row = payload[0]?.payload as Record<string, unknown> | undefined;
  return (
    <div className="min-w-36 rounded-md border bg-background px-2.5 py-2 text-xs shadow-md">
      <p className="mb-1.5 font-medium">{formatLabel ? formatLabel(String(label)) : String(label)}</p>
      {rows.length === 0 ? (
        <p className="text-muted-foreground">Nothing</p>
      ) : (
        <ul className="grid gap-1">
          {rows.map((p) => (
            <li key={String(p.dataKey)} className="flex items-center gap-2">
              <span aria-hidden className="size-2 rounded-[2px]" style={{ background: p.color }} />
              <span className="text-muted-foreground">{p.name}</span>
              <span className="ml-auto pl-3 font-medium tabular-nums">{formatValue(Number(p.value))}</span>
            </li>
          ))}
        </ul>
      )}
      {footer && row && <div className="mt-1.5 border-t pt-1.5 text-muted-foreground">{footer(row)}</div>}
    </div>
  );
}
