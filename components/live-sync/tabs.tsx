"use client";

import { useId, useRef } from "react";
import { cn } from "@/components/cn";

type Tab<T extends string> = { value: T; label: React.ReactNode };
type Props<T extends string> = { label: string; tabs: Tab<T>[]; value: T; onChange: (value: T) => void; children: React.ReactNode };

/** An underlined tab bar with its one panel; arrow keys move between tabs (WAI-ARIA tabs, automatic activation). */
export function Tabs<T extends string>({ label, tabs, value, onChange, children }: Props<T>) {
  const id = useId();
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const move = (from: number, by: number) => {
    const next = tabs[(from + by + tabs.length) % tabs.length]!;
    onChange(next.value);
    refs.current.get(next.value)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={label} className="flex gap-1 overflow-x-auto border-b px-3">
        {tabs.map((t, i) => {
          const selected = t.value === value;
          return (
            <button
              key={t.value}
              ref={(el) => void (el ? refs.current.set(t.value, el) : refs.current.delete(t.value))}
              type="button"
              role="tab"
              id={`${id}-tab-${t.value}`}
              aria-selected={selected}
              aria-controls={`${id}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(t.value)}
              onKeyDown={(e) => {
                if (e.key === "ArrowRight") move(i, 1);
                else if (e.key === "ArrowLeft") move(i, -1);
              }}
              className={cn(
                "-mb-px inline-flex items-center gap-1.5 border-b-2 px-2.5 py-2.5 text-[13px] font-medium whitespace-nowrap text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/30",
                selected ? "border-zinc-900 text-foreground" : "border-transparent",
              )}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${value}`}>
        {children}
      </div>
    </>
  );
}

/** A count next to a tab label. */
export function TabCount({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <span
      data-testid={testId}
      className="rounded-full bg-muted px-1.5 py-px text-[11px] font-semibold tabular-nums text-muted-foreground ring-1 ring-border"
    >
      {children}
    </span>
  );
}
