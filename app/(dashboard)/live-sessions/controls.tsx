"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { LoaderCircleIcon, PauseIcon, PlayIcon, RotateCcwIcon } from "lucide-react";
import { useOptimistic, useTransition } from "react";
import { toast } from "sonner";
import { cn } from "@/components/cn";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import type { LiveSessionControlTarget, LiveSessionDetail, LiveSessionItem } from "@/components/live-sync/types";
import { restartLiveSessionAction, setAutoSyncAction, setLiveSessionActiveAction } from "./actions";

type Result = Awaited<ReturnType<typeof setAutoSyncAction>>;
type Summary = Extract<Result, { ok: true }>["data"];

/** Writes what the server answered into the cached list and detail, so the page shows it before the refetch lands. */
function applySummary(queryClient: QueryClient, s: Summary) {
  const patch = <T extends { id: string }>(row: T): T =>
    row.id === s.id ? { ...row, state: s.state, autoSyncEnabled: s.autoSyncEnabled, version: s.version } : row;
  queryClient.setQueryData<LiveSessionDetail>(["live-session", s.id], (old) => old && patch(old));
  queryClient.setQueryData<{ items: LiveSessionItem[] }>(["live-sessions"], (old) => old && { items: old.items.map(patch) });
}

export async function refreshLiveSession(queryClient: QueryClient, id: string) {
  await Promise.all(
    [["live-session", id], ["live-sessions"], ["bindings"], ["live-session-logs", id]].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}

/** Runs one control action: toasts the outcome (a stale version is a 412 with its own message) and refreshes the caches. */
export function useLiveSessionControl(session: LiveSessionControlTarget) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const name = `${session.gameAccount} → ${session.store}`;

  const run = (action: () => Promise<Result>, done: string, failed: string, before?: () => void) =>
    startTransition(async () => {
      before?.();
      const result = await action();
      if (result.ok) {
        applySummary(queryClient, result.data);
        toast.success(done, { description: name });
      } else if (result.status === 412) {
        toast.error("This live session changed meanwhile", {
          description: `${result.error.message}. The page now shows its current state.`,
        });
      } else {
        toast.error(failed, { description: result.error.message });
      }
      await refreshLiveSession(queryClient, session.id);
    });
  return { pending, run };
}

const why = (s: LiveSessionControlTarget) =>
  s.bindingStatus !== "active"
    ? "The account was unbound; bind it again to sync"
    : s.state === "inactive"
      ? "Reactivate the session to start auto-sync"
      : undefined;

export function AutoSyncSwitch({
  session,
  canControl,
  showLabel = false,
}: {
  session: LiveSessionControlTarget;
  canControl: boolean;
  showLabel?: boolean;
}) {
  const { pending, run } = useLiveSessionControl(session);
  const [checked, setOptimistic] = useOptimistic(session.autoSyncEnabled);
  const blocked = !checked ? why(session) : undefined;
  const label = showLabel && <span className="text-[13px] font-medium">Auto-sync</span>;

  if (!canControl) {
    return (
      <span className="inline-flex items-center gap-2 text-[13px]" data-testid="auto-sync" data-enabled={session.autoSyncEnabled}>
        {label}
        <span className={session.autoSyncEnabled ? "text-emerald-700" : "text-muted-foreground"}>
          {session.autoSyncEnabled ? "On" : "Off"}
        </span>
      </span>
    );
  }
  return (
    <label className="inline-flex items-center gap-2" title={blocked}>
      {label}
      <Switch
        checked={checked}
        disabled={pending || blocked !== undefined}
        aria-label="Auto-sync"
        data-testid="auto-sync"
        data-enabled={session.autoSyncEnabled}
        onCheckedChange={(enabled) =>
          run(
            () => setAutoSyncAction({ liveSessionId: session.id, enabled, expectedVersion: session.version }),
            enabled ? "Auto-sync started" : "Auto-sync stopped",
            `Could not ${enabled ? "start" : "stop"} auto-sync`,
            () => setOptimistic(enabled),
          )
        }
      />
    </label>
  );
}

type ButtonProps = { session: LiveSessionControlTarget; size?: "xs" | "sm"; emphasis?: boolean };

export function RestartButton({ session, size = "sm", emphasis = false }: ButtonProps) {
  const { pending, run } = useLiveSessionControl(session);
  return (
    <Button
      variant="outline"
      size={size}
      disabled={pending || session.bindingStatus !== "active"}
      title="Clear the error and backoff and start the streams again from their cursors"
      className={cn(emphasis && "border-red-200 text-red-700 hover:bg-red-50 hover:text-red-800")}
      onClick={() =>
        run(
          () => restartLiveSessionAction({ liveSessionId: session.id, expectedVersion: session.version }),
          "Live session restarted",
          "Could not restart the live session",
        )
      }
    >
      {pending ? <LoaderCircleIcon className="animate-spin" /> : <RotateCcwIcon />}
      Restart
    </Button>
  );
}

export function ActiveToggleButton({ session, size = "sm" }: ButtonProps) {
  const { pending, run } = useLiveSessionControl(session);
  const active = session.state !== "inactive";
  if (!active && session.bindingStatus !== "active") return null;
  return (
    <Button
      variant="outline"
      size={size}
      disabled={pending}
      title={active ? "Stop the streams; synced data is kept" : "Start the streams again with auto-sync on"}
      onClick={() =>
        run(
          () => setLiveSessionActiveAction({ liveSessionId: session.id, active: !active, expectedVersion: session.version }),
          active ? "Live session deactivated" : "Live session reactivated",
          `Could not ${active ? "deactivate" : "reactivate"} the live session`,
        )
      }
    >
      {pending ? <LoaderCircleIcon className="animate-spin" /> : active ? <PauseIcon /> : <PlayIcon />}
      {active ? "Deactivate" : "Reactivate"}
    </Button>
  );
}
