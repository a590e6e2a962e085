"use client";

import { cn } from "@/components/cn";
import { formatAbsolute, toDate, useNow } from "@/components/time";

function formatIn(ms: number) {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `in ${s}s`;
  if (s < 3600) return `in ${Math.round(s / 60)}m`;
  return `in ${Math.round(s / 3600)}h`;
}

/** "retrying in 12s" under an error, from the session's next retry time. */
export function RetryingIn({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  const now = useNow();
  if (!date) return null;
  const left = toDate(date).getTime() - now;
  return (
    <p className={cn("text-muted-foreground", className)} title={formatAbsolute(date)} data-testid="retrying-in" suppressHydrationWarning>
      {left <= 0 ? "retrying now" : `retrying ${formatIn(left)}`}
    </p>
  );
}
