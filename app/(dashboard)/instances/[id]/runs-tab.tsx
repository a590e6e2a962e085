"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { HistoryIcon } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
import { TableSkeleton } from "@/components/table-skeleton";
import { Elapsed, RelativeTime } from "@/components/time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { instanceRunsQuery } from "@/components/synced-data/queries";
import { categoryLabel } from "../../sessions/labels";

const COUNTS = [
  ["Synced", "itemsSynced"],
  ["Created", "itemsCreated"],
  ["Updated", "itemsUpdated"],
  ["Deleted", "itemsDeleted"],
] as const;

export function RunsTab({ instanceId }: { instanceId: string }) {
  const query = useInfiniteQuery({ ...instanceRunsQuery(instanceId), refetchInterval: useLiveRefetchInterval() });
  const runs = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return (
    <>
      <QueryError error={query.error} />
      {query.isPending ? (
        <Table>
          <TableBody>
            <TableSkeleton columns={7} rows={6} />
          </TableBody>
        </Table>
      ) : runs.length === 0 ? (
        <EmptyState icon={HistoryIcon} title="No runs yet">
          Start a batch sync that includes this instance from Sync sessions.
        </EmptyState>
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Started</TableHead>
                <TableHead>Category</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Duration</TableHead>
                {COUNTS.map(([label]) => (
                  <TableHead key={label} className="px-2 text-right">
                    {label}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {runs.map((r) => (
                <TableRow key={r.id} data-testid="instance-run" data-session-id={r.sessionId} data-status={r.status}>
                  <TableCell className="whitespace-nowrap">
                    <Link href={`/sessions/${r.sessionId}`} className="font-medium hover:underline">
                      <RelativeTime date={r.startedAt} />
                    </Link>
                  </TableCell>
                  <TableCell>{categoryLabel(r.category)}</TableCell>
                  <TableCell>
                    <StatusBadge status={r.status} />
                    {r.errorMessage && (
                      <div className="mt-1 max-w-xs truncate text-xs text-red-600" title={r.errorMessage}>
                        {r.errorMessage}
                      </div>
                    )}
                  </TableCell>
                  <TableCell className="text-right whitespace-nowrap tabular-nums">
                    <Elapsed from={r.startedAt} to={r.completedAt} live={r.status === "running"} />
                  </TableCell>
                  {COUNTS.map(([label, key]) => (
                    <TableCell key={label} className={`px-2 text-right tabular-nums ${r[key] === 0 ? "text-muted-foreground" : ""}`}>
                      {r[key]}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore
            shown={runs.length}
            noun={runs.length === 1 ? "run" : "runs"}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
