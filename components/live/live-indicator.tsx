"use client";

import { cn } from "@/components/cn";
import { useLiveState } from "./live-updates";

const LABEL = { live: "Live", connecting: "Connecting", reconnecting: "Reconnecting" } as const;

export function LiveIndicator() {
  const state = useLiveState();
  return (
    <span
      data-testid="live-indicator"
      data-state={state}
      title={state === "live" ? "Receiving updates as they happen" : "Updates paused; polling every 5 s until the stream is back"}
      className="inline-flex items-center gap-1.5 rounded-full border bg-background px-2 py-0.5 text-xs font-medium text-muted-foreground"
    >
      <span className="relative flex size-2">
        {state === "live" && <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" />}
        <span className={cn("relative inline-flex size-2 rounded-full", state === "live" ? "bg-emerald-500" : "bg-amber-500")} />
      </span>
      {LABEL[state]}
    </span>
  );
}
