"use client";

import { useQuery } from "@tanstack/react-query";
import { XIcon } from "lucide-react";
import { useState } from "react";
import { createPortal } from "react-dom";
import { Button } from "@/components/ui/button";
import { BulkConfirmDialog } from "./bulk-confirm-dialog";
import { BulkProgressPanel } from "./bulk-progress";
import type { BulkSelection } from "./use-bulk-selection";
import { BULK_ACTION_COPY, plural, type BulkActionName, type BulkServerActions } from "./types";

type Props = {
  selection: BulkSelection;
  /** The list filter as the API takes it (no paging); "all matching" sends it instead of ids. */
  filter: Record<string, unknown>;
  filterKey: string;
  actions: BulkActionName[];
  server: BulkServerActions;
  noun: string;
};

/**
 * The bar under a list while rows are ticked: how many, "select all N matching this filter", the
 * actions, then a confirmation with the server's count and a panel following the operation.
 */
export function BulkBar({ selection, filter, filterKey, actions, server, noun }: Props) {
  const [confirming, setConfirming] = useState<BulkActionName | null>(null);
  const [running, setRunning] = useState<string[]>([]);
  const pageTicked = selection.pageState === true && !selection.allMatching;
  const matching = useQuery({
    queryKey: ["bulk-matching", noun, filterKey],
    queryFn: async () => {
      const r = await server.preview({ action: actions[0], filter });
      return r.ok ? r.data.matching : null;
    },
    enabled: pageTicked || selection.allMatching,
  });
  const total = matching.data ?? null;
  const count = selection.allMatching ? total : selection.count;
  const active = selection.allMatching || selection.count > 0;
  const target = selection.allMatching ? { filter } : { ids: [...selection.ids] };

  return (
    <>
      {active && (
        <div className="sticky bottom-4 z-20 mt-3 flex justify-center" data-testid="bulk-bar">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border bg-zinc-900 px-3 py-2 text-[13px] text-zinc-100 shadow-lg">
            <span className="font-medium tabular-nums" data-testid="bulk-selected">
              {selection.allMatching
                ? count === null
                  ? `All ${noun}s matching this filter`
                  : `All ${plural(count, noun)} matching this filter`
                : `${count?.toLocaleString("en-US")} selected`}
            </span>
            {pageTicked && total !== null && total > selection.count && (
              <button
                type="button"
                className="text-sky-300 underline-offset-2 hover:underline"
                onClick={selection.selectAllMatching}
                data-testid="bulk-select-all"
              >
                Select all {total.toLocaleString("en-US")} matching this filter
              </button>
            )}
            <span className="h-4 w-px bg-zinc-700" aria-hidden />
            {actions.map((a) => (
              <Button
                key={a}
                size="xs"
                variant="outline"
                className={`border-zinc-700 bg-zinc-800 text-zinc-100 hover:bg-zinc-700 hover:text-white ${a === "cancel_sessions" ? "text-red-300 hover:text-red-200" : ""}`}
                onClick={() => setConfirming(a)}
              >
                {BULK_ACTION_COPY[a].label}
              </Button>
            ))}
            <Button
              size="xs"
              variant="ghost"
              className="text-zinc-400 hover:bg-zinc-800 hover:text-white"
              onClick={selection.clear}
              aria-label="Clear selection"
            >
              <XIcon />
            </Button>
          </div>
        </div>
      )}
      <BulkConfirmDialog
        action={confirming}
        selection={target}
        server={server}
        onClose={() => setConfirming(null)}
        onStarted={(id) => {
          selection.clear();
          setRunning((ids) => [...ids, id]);
        }}
      />
      {running.length > 0 &&
        createPortal(
          <div className="fixed right-4 bottom-4 z-50 flex flex-col gap-2">
            {running.map((id) => (
              <BulkProgressPanel key={id} id={id} onClose={() => setRunning((ids) => ids.filter((x) => x !== id))} />
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
