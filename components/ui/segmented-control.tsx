"use client";

import { cn } from "@/components/cn";

type Option<T> = { value: T; label: string };
type Props<T> = { label: string; options: Option<T>[]; value: T; onChange: (value: T) => void; className?: string };

/** A compact radio group rendered as pills: status filters, timeframes. */
export function SegmentedControl<T extends string | null>({ label, options, value, onChange, className }: Props<T>) {
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className={cn("inline-flex flex-wrap gap-0.5 rounded-lg bg-muted p-0.5 ring-1 ring-border", className)}
    >
      {options.map((o) => {
        const active = value === o.value;
        return (
          <button
            key={o.label}
            type="button"
            role="radio"
            aria-checked={active}
            onClick={() => onChange(o.value)}
            className={cn(
              "rounded-md px-2.5 py-1 text-xs font-medium text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/30",
              active && "bg-background text-foreground shadow-xs ring-1 ring-border",
            )}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}
