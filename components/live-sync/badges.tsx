import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/cn";

const STATE = {
  active: { tone: "green", dot: "bg-emerald-500" },
  error: { tone: "red", dot: "bg-red-500" },
  inactive: { tone: "neutral", dot: "bg-zinc-400" },
} as const;

/** A live session's state: active green, error red, inactive gray. */
export function LiveStateBadge({ state, testId }: { state: string; testId?: string }) {
  const s = STATE[state as keyof typeof STATE] ?? STATE.inactive;
  return (
    <Badge tone={s.tone} data-testid={testId} data-state={state}>
      <span aria-hidden className={cn("size-1.5 rounded-full", s.dot)} />
      {state}
    </Badge>
  );
}

const SYNC = { idle: "text-muted-foreground", syncing: "text-blue-700", error: "text-red-600" } as const;

/** The engine's sync status next to the state badge: idle, syncing or error. */
export function SyncStatus({ status, className }: { status: string; className?: string }) {
  return (
    <span
      className={cn("inline-flex items-center gap-1 text-xs", SYNC[status as keyof typeof SYNC] ?? SYNC.idle, className)}
      title="Sync status"
    >
      {status === "syncing" && <span aria-hidden className="size-1.5 animate-pulse-dot rounded-full bg-blue-500" />}
      {status}
    </span>
  );
}

export function BindingStatusBadge({ status }: { status: string }) {
  return status === "active" ? <Badge tone="blue">bound</Badge> : <Badge>unbound</Badge>;
}

export function SyncLogStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={status === "success" ? "green" : "red"}>
      <span aria-hidden className={cn("size-1.5 rounded-full", status === "success" ? "bg-emerald-500" : "bg-red-500")} />
      {status}
    </Badge>
  );
}
