"use client";

import { useQuery } from "@tanstack/react-query";
import { LayersIcon } from "lucide-react";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { QueryError } from "@/components/query-error";
import { RelativeTime } from "@/components/time";
import { Card } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { bulkOutcome } from "./bulk-progress";
import { bulkOperationsQuery } from "./queries";
import { BULK_ACTION_COPY, plural, type BulkOperationItem } from "./types";

function describeSelection(op: BulkOperationItem) {
  if (op.selection.ids) return `${op.selection.ids.length.toLocaleString("en-US")} selected`;
  const terms = Object.entries(op.selection.filter ?? {}).map(([k, v]) => `${k}: ${String(v)}`);
  return terms.length ? `matching ${terms.join(", ")}` : "all matching (no filter)";
}

/** The latest bulk operations with their progress; live. */
export function BulkHistory() {
  const { data, error } = useQuery({ ...bulkOperationsQuery(), refetchInterval: useLiveRefetchInterval() });
  if (data && data.items.length === 0) return null;
  return (
    <section className="mb-6" data-testid="bulk-history">
      <h2 className="mb-2 flex items-center gap-1.5 text-sm font-semibold">
        <LayersIcon className="size-4 text-muted-foreground" />
        Bulk operations
      </h2>
      <Card className="overflow-hidden">
        <QueryError error={error} />
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Started</TableHead>
              <TableHead>Action</TableHead>
              <TableHead>Selection</TableHead>
              <TableHead className="w-44">Progress</TableHead>
              <TableHead>Outcome</TableHead>
              <TableHead>By</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data?.items.map((op) => {
              const copy = BULK_ACTION_COPY[op.action];
              return (
                <TableRow key={op.id} data-testid="bulk-history-row" data-status={op.status}>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <RelativeTime date={op.createdAt} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap font-medium">
                    {copy.label} · {plural(op.total, copy.target)}
                  </TableCell>
                  <TableCell className="max-w-72 truncate text-muted-foreground" title={describeSelection(op)}>
                    {describeSelection(op)}
                  </TableCell>
                  <TableCell>
                    <Progress value={op.processed} max={Math.max(op.total, 1)} failed={op.failed} label="Bulk progress" />
                  </TableCell>
                  <TableCell
                    className={`whitespace-nowrap text-xs tabular-nums ${op.failed > 0 ? "text-red-600" : "text-muted-foreground"}`}
                  >
                    {op.status === "running"
                      ? `${op.processed.toLocaleString("en-US")} of ${op.total.toLocaleString("en-US")}`
                      : bulkOutcome(op)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    {op.createdByName ?? <span className="italic">API token</span>}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Card>
    </section>
  );
}
