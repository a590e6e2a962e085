"use client";

import { LoaderCircleIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

type Props = {
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
  shown: number;
  noun: string;
  /** How many match in all, when the server counted them; `capped`: at least that many. */
  total?: { n: number; capped: boolean } | null;
};

export function LoadMore({ hasMore, loading, onClick, shown, noun, total }: Props) {
  return (
    <div className="flex items-center justify-between border-t px-4 py-2.5 text-xs text-muted-foreground">
      <span className="tabular-nums" data-testid="list-count">
        {total && total.n !== shown ? `${shown} of ${total.n.toLocaleString()}${total.capped ? "+" : ""}` : shown} {noun}
      </span>
      {hasMore && (
        <Button variant="outline" size="xs" onClick={onClick} disabled={loading}>
          {loading && <LoaderCircleIcon className="animate-spin" />}
          Load more
        </Button>
      )}
    </div>
  );
}
