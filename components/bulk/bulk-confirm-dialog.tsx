"use client";

import { LoaderCircleIcon } from "lucide-react";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { BULK_ACTION_COPY, plural, type BulkActionName, type BulkPreview, type BulkServerActions } from "./types";

type Props = {
  action: BulkActionName | null;
  selection: { ids: string[] } | { filter: Record<string, unknown> };
  server: BulkServerActions;
  onClose: () => void;
  onStarted: (id: string) => void;
};

/** Counts on the server what the action will touch, says so, and starts it on confirmation. */
export function BulkConfirmDialog({ action, selection, server, onClose, onStarted }: Props) {
  const [preview, setPreview] = useState<{ action: BulkActionName; data: BulkPreview } | { action: BulkActionName; error: string } | null>(
    null,
  );
  const [startError, setStartError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const body = JSON.stringify(selection);

  useEffect(() => {
    if (!action) return;
    let live = true;
    void server.preview({ action, ...JSON.parse(body) }).then((r) => {
      if (live) setPreview(r.ok ? { action, data: r.data } : { action, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [action, body, server]);

  const copy = action ? BULK_ACTION_COPY[action] : null;
  const current = preview && preview.action === action ? preview : null;
  const data = current && "data" in current ? current.data : null;
  const byFilter = "filter" in selection;
  const scope = byFilter ? "matching this filter" : "selected";
  const close = () => {
    setPreview(null);
    setStartError(null);
    onClose();
  };
  const confirm = () =>
    startTransition(async () => {
      const r = await server.start({ action, ...selection });
      if (!r.ok) return setStartError(r.error.message);
      close();
      onStarted(r.data.id);
    });

  return (
    <Dialog open={action !== null} onOpenChange={(open) => !open && close()}>
      <DialogContent data-testid="bulk-confirm">
        {copy && (
          <>
            <DialogHeader>
              <DialogTitle>
                {/* Not "Cancel 0 sessions?": say there is nothing to do, and the text below says why. */}
                {data && !data.tooMany && data.eligible === 0
                  ? `Nothing to ${copy.title.toLowerCase()}`
                  : data
                    ? `${copy.title} ${plural(data.eligible, copy.target)}?`
                    : `${copy.title} ${copy.target}s`}
              </DialogTitle>
              <DialogDescription asChild>
                <div className="space-y-1.5" data-testid="bulk-confirm-count" data-count={data?.eligible}>
                  {!current && (
                    <span className="inline-flex items-center gap-1.5">
                      <LoaderCircleIcon className="size-3.5 animate-spin" /> Counting on the server…
                    </span>
                  )}
                  {current && "error" in current && <p className="text-red-600">{current.error}</p>}
                  {data && data.tooMany && (
                    <p className="text-red-600">
                      {data.matching.toLocaleString("en-US")} {copy.target}s match; one bulk action takes at most{" "}
                      {data.max.toLocaleString("en-US")}. Narrow the filter first.
                    </p>
                  )}
                  {data && !data.tooMany && (
                    <>
                      <p>
                        {data.eligible === 0
                          ? `Nothing to do: ${data.matching === 1 ? "the" : `all ${data.matching.toLocaleString("en-US")}`} ${data.matching === 1 ? copy.target : `${copy.target}s`} ${scope} ${data.matching === 1 ? "is" : "are"} skipped (${copy.skipWhy}).`
                          : `${data.eligible.toLocaleString("en-US")} ${copy.before}${data.eligible === 1 ? copy.target : `${copy.target}s`}${copy.after} will be ${copy.past}. It runs in the background; you can follow its progress.`}
                      </p>
                      {data.eligible > 0 && data.matching > data.eligible && (
                        <p>
                          {(data.matching - data.eligible).toLocaleString("en-US")} other{data.matching - data.eligible === 1 ? "" : "s"}{" "}
                          {scope} {data.matching - data.eligible === 1 ? "is" : "are"} skipped ({copy.skipWhy}).
                        </p>
                      )}
                    </>
                  )}
                  {startError && <p className="text-red-600">{startError}</p>}
                </div>
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="outline" onClick={close}>
                Keep as is
              </Button>
              <Button
                variant={action === "cancel_sessions" ? "destructive" : "default"}
                disabled={pending || !data || data.tooMany || data.eligible === 0}
                onClick={confirm}
                data-testid="bulk-confirm-button"
              >
                {pending && <LoaderCircleIcon className="animate-spin" />}
                {data ? `${copy.label} ${data.eligible.toLocaleString("en-US")}` : copy.label}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
