"use client";

import { cn } from "@/components/cn";
import { SESSION_STATUSES, type SessionStatus } from "@/components/data/types";

type Props = { value: SessionStatus | null; onChange: (status: SessionStatus | null) => void };

const OPTIONS: { value: SessionStatus | null; label: string }[] = [
  { value: null, label: "All" },
  ...SESSION_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })),
];

export function StatusFilter({ value, onChange }: Props) {
  return (
    <div role="radiogroup" aria-label="Filter by status" className="inline-flex flex-wrap gap-0.5 rounded-lg bg-muted p-0.5 ring-1 ring-border">
      {OPTIONS.map((o) => {
        const active = value === o.value;
        return (
          <button
            key={o.label}
            type="button"
            role="radio"
            aria-checked={active}
            onClick={() => onChange(o.value)}
            className={cn(
              "rounded-md px-2.5 py-1 text-xs font-medium text-muted-foreground transition-colors hover:text-foreground",
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
