import { cn } from "@/components/cn";

type Props = { value: number; max: number; failed?: number; className?: string; label?: string };

/** A thin bar: green for successes, red for failures, out of `max`. */
export function Progress({ value, max, failed = 0, className, label }: Props) {
  const pct = (n: number) => (max > 0 ? Math.min(100, Math.max(0, (n / max) * 100)) : 0);
  const ok = Math.max(0, value - failed);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      className={cn("flex h-1.5 w-full overflow-hidden rounded-full bg-zinc-200/80", className)}
    >
      <div className="h-full bg-emerald-500 transition-[width] duration-500" style={{ width: `${pct(ok)}%` }} />
      <div className="h-full bg-red-500 transition-[width] duration-500" style={{ width: `${pct(failed)}%` }} />
    </div>
  );
}
