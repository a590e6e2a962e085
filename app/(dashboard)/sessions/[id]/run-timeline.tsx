"use client";

import { useState } from "react";
import { STATUS_COLORS } from "@/components/charts/chart-parts";
import { formatAbsoluteShort, formatDuration, toDate, useNow } from "@/components/time";
import type { InstanceRecordItem, SessionDetail } from "@/components/data/types";

const COLOR: Record<string, string> = { ...STATUS_COLORS, pending: "var(--color-zinc-300)" };

type Bar = { record: InstanceRecordItem; start: number; end: number | null };

/** A Gantt chart of the run: one bar per instance record from its start to its end, coloured by status. */
export function RunTimeline({ session }: { session: SessionDetail }) {
  const nowMs = useNow();
  const [focus, setFocus] = useState<string | null>(null);
  const t0 = toDate(session.startedAt).getTime();
  const ended = session.completedAt ?? session.cancelledAt;
  const bars: Bar[] = session.records
    .filter((r) => r.startedAt)
    .map((r) => ({
      record: r,
      start: toDate(r.startedAt as string).getTime(),
      end: r.completedAt ? toDate(r.completedAt).getTime() : null,
    }))
    .sort((a, b) => a.start - b.start || a.record.instanceName.localeCompare(b.record.instanceName));
  const waiting = session.records.length - bars.length;
  const t1 = Math.max(
    ended ? toDate(ended).getTime() : nowMs,
    ...bars.map((b) => b.end ?? nowMs),
    t0 + 1_000, // a run that took no time still gets an axis
  );
  const span = t1 - t0;
  const pct = (t: number) => `${(((t - t0) / span) * 100).toFixed(3)}%`;
  const shown = bars.find((b) => b.record.id === focus) ?? null;

  if (bars.length === 0) {
    return <p className="px-4 py-6 text-center text-[13px] text-muted-foreground">No instance has started yet.</p>;
  }
  return (
    <div className="px-4 py-3" data-testid="run-timeline">
      <div className="mb-1 flex justify-between text-[11px] text-muted-foreground tabular-nums">
        <span>{formatAbsoluteShort(new Date(t0), nowMs)}</span>
        <span>+{formatDuration(span / 2)}</span>
        <span>+{formatDuration(span)}</span>
      </div>
      <ul className="grid gap-1" aria-label="Instance records over time">
        {bars.map((b) => {
          const r = b.record;
          const end = b.end ?? nowMs;
          const label = `${r.instanceName}: ${r.status}, ${formatDuration(end - b.start)}`;
          return (
            <li key={r.id} className="grid grid-cols-[minmax(0,9rem)_1fr] items-center gap-2 sm:grid-cols-[minmax(0,12rem)_1fr]">
              <span className="truncate text-xs" title={r.instanceName}>
                {r.instanceName}
              </span>
              <div className="relative h-4 rounded-sm bg-muted">
                <button
                  type="button"
                  data-testid="timeline-bar"
                  data-status={r.status}
                  data-instance-name={r.instanceName}
                  aria-label={label}
                  title={label}
                  onMouseEnter={() => setFocus(r.id)}
                  onFocus={() => setFocus(r.id)}
                  onMouseLeave={() => setFocus((f) => (f === r.id ? null : f))}
                  onBlur={() => setFocus((f) => (f === r.id ? null : f))}
                  className={`absolute inset-y-0 min-w-1 rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-ring ${r.status === "running" ? "animate-pulse-dot" : ""}`}
                  style={{
                    left: pct(b.start),
                    width: `max(4px, ${(((end - b.start) / span) * 100).toFixed(3)}%)`,
                    background: COLOR[r.status],
                  }}
                />
              </div>
            </li>
          );
        })}
      </ul>
      <div className="mt-2 min-h-10 rounded-md border bg-muted/50 px-3 py-2 text-xs" aria-live="polite" data-testid="timeline-detail">
        {shown ? (
          <BarDetail bar={shown} nowMs={nowMs} />
        ) : (
          <span className="text-muted-foreground">
            Hover or focus a bar for its counts and error.{waiting > 0 && ` ${waiting} not started yet.`}
          </span>
        )}
      </div>
    </div>
  );
}

function BarDetail({ bar, nowMs }: { bar: Bar; nowMs: number }) {
  const r = bar.record;
  return (
    <div className="grid gap-0.5">
      <p>
        <span className="font-medium">{r.instanceName}</span> · {r.status} · {formatAbsoluteShort(new Date(bar.start), nowMs)} →{" "}
        {bar.end ? formatAbsoluteShort(new Date(bar.end), nowMs) : "now"} ({formatDuration((bar.end ?? nowMs) - bar.start)})
      </p>
      <p className="tabular-nums text-muted-foreground">
        {r.itemsSynced} synced · {r.itemsCreated} created · {r.itemsUpdated} updated · {r.itemsDeleted} deleted · attempt {r.attempt}
      </p>
      {r.errorMessage && <p className="text-red-600">{r.errorMessage}</p>}
    </div>
  );
}
