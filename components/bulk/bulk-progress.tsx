"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, LoaderCircleIcon, XIcon } from "lucide-react";
import { useEffect, useRef } from "react";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { bulkOperationQuery } from "./queries";
import { BULK_ACTION_COPY, plural, type BulkOperationItem } from "./types";

export function bulkOutcome(op: Pick<BulkOperationItem, "action" | "succeeded" | "skipped" | "failed">) {
  const copy = BULK_ACTION_COPY[op.action];
  return [
    `${op.succeeded.toLocaleString("en-US")} ${copy.past}`,
    `${op.skipped.toLocaleString("en-US")} skipped`,
    `${op.failed.toLocaleString("en-US")} failed`,
  ].join(" · ");
}

/** A panel that follows one bulk operation to its end (live over the app's event stream), then says how it went. */
export function BulkProgressPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const fallback = useLiveRefetchInterval();
  const { data: op } = useQuery({
    ...bulkOperationQuery(id),
    refetchInterval: (q) => (q.state.data?.status === "running" || !q.state.data ? fallback || 2_000 : false),
  });
  const announced = useRef(false);
  const done = op && op.status !== "running";

  useEffect(() => {
    if (!op || op.status === "running" || announced.current) return;
    announced.current = true;
    // The lists follow item by item over the event stream; one more refetch makes sure they show the end state.
    void queryClient.invalidateQueries({ queryKey: [BULK_ACTION_COPY[op.action].target === "session" ? "sessions" : "live-sessions"] });
  }, [op, queryClient]);

  const copy = op ? BULK_ACTION_COPY[op.action] : null;
  return (
    <div
      role="status"
      data-testid="bulk-progress"
      data-status={op?.status ?? "loading"}
      className="w-80 rounded-lg border bg-background p-3 shadow-lg"
    >
      <div className="flex items-center gap-2 text-[13px] font-medium">
        {done ? (
          <CheckCircle2Icon className="size-4 text-emerald-600" />
        ) : (
          <LoaderCircleIcon className="size-4 animate-spin text-muted-foreground" />
        )}
        <span className="flex-1">{copy ? `${copy.label} · ${plural(op!.total, copy.target)}` : "Starting…"}</span>
        {done && (
          <Button variant="ghost" size="xs" className="-my-1 -mr-1" aria-label="Close" onClick={onClose}>
            <XIcon />
          </Button>
        )}
      </div>
      {op && (
        <>
          <Progress className="mt-2.5" value={op.processed} max={Math.max(op.total, 1)} failed={op.failed} label="Bulk progress" />
          <p className="mt-2 text-xs tabular-nums text-muted-foreground" data-testid="bulk-progress-counts">
            {done ? bulkOutcome(op) : `${op.processed.toLocaleString("en-US")} of ${op.total.toLocaleString("en-US")} processed`}
          </p>
          {done && op.errors.length > 0 && (
            <ul className="mt-1.5 max-h-24 overflow-y-auto text-xs text-red-600">
              {op.errors.slice(0, 5).map((e) => (
                <li key={e.id} className="truncate" title={`${e.id}: ${e.message}`}>
                  {e.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
