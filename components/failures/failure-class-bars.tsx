import Link from "next/link";
import { FAILURE_CLASS_LABELS, type FailureClass } from "@/lib/failures/classes";
import { FailureClassBadge } from "./failure-class-badge";

export type FailureClassCount = { failureClass: FailureClass; sessions: number; records: number; ticks: number };

const BAR: Record<FailureClass, string> = {
  network: "bg-amber-400",
  timeout: "bg-amber-300",
  auth: "bg-red-500",
  permission: "bg-red-300",
  upstream_data: "bg-violet-400",
  internal: "bg-zinc-400",
};

/** Failed instance syncs plus failed live ticks: what one class cost in the window. */
export const failuresOf = (c: FailureClassCount) => c.records + c.ticks;

/**
 * One row per class: a bar of its failures (instance syncs + live ticks), the counts, and links
 * to the runs and live sessions of that class. Classes without failures are left out.
 */
export function FailureClassBars({
  items,
  limit,
  showCounts = true,
}: {
  items: FailureClassCount[];
  limit?: number;
  showCounts?: boolean;
}) {
  const rows = items.filter((c) => failuresOf(c) > 0 || c.sessions > 0).slice(0, limit);
  const max = Math.max(1, ...rows.map(failuresOf));
  return (
    <ul className="divide-y" data-testid="failure-classes">
      {rows.map((c) => (
        <li
          key={c.failureClass}
          data-testid="failure-class-row"
          data-failure-class={c.failureClass}
          className="grid grid-cols-[8.5rem_1fr_auto] items-center gap-3 px-4 py-2.5 text-[13px]"
        >
          <FailureClassBadge failureClass={c.failureClass} className="justify-self-start" />
          <div className="flex min-w-0 items-center gap-2">
            <div className="h-2 flex-1 overflow-hidden rounded-full bg-muted" aria-hidden>
              <div className={`h-full rounded-full ${BAR[c.failureClass]}`} style={{ width: `${(failuresOf(c) / max) * 100}%` }} />
            </div>
            <span
              className="min-w-16 text-right font-medium whitespace-nowrap tabular-nums"
              title={`${FAILURE_CLASS_LABELS[c.failureClass]}: failed instance syncs and live ticks`}
            >
              {failuresOf(c).toLocaleString()} failed
            </span>
          </div>
          <div className="flex items-center gap-3 text-xs whitespace-nowrap text-muted-foreground tabular-nums">
            {showCounts && (
              <span>
                {c.records.toLocaleString()} instance{c.records === 1 ? "" : "s"} · {c.ticks.toLocaleString()} tick
                {c.ticks === 1 ? "" : "s"}
              </span>
            )}
            <Link
              href={`/sessions?failureClass=${c.failureClass}`}
              prefetch={false}
              className="font-medium text-foreground underline-offset-2 hover:underline"
              data-testid="failure-class-runs"
            >
              {c.sessions.toLocaleString()} run{c.sessions === 1 ? "" : "s"}
            </Link>
            {c.ticks > 0 && (
              <Link
                href={`/live-sessions?failureClass=${c.failureClass}`}
                prefetch={false}
                className="underline-offset-2 hover:text-foreground hover:underline"
              >
                live
              </Link>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
