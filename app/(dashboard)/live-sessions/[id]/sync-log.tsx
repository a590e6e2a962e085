"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ScrollTextIcon } from "lucide-react";
import { useQueryStates } from "nuqs";
import { EmptyState } from "@/components/empty-state";
import { FailureSummary } from "@/components/failures/failure-summary";
import { LoadMore } from "@/components/load-more";
import { QueryError } from "@/components/query-error";
import { TableSkeleton } from "@/components/table-skeleton";
import { formatDuration, RelativeTime, toDate } from "@/components/time";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { SyncLogStatusBadge } from "@/components/live-sync/badges";
import { STREAM_LABEL } from "@/components/live-sync/format";
import { liveSessionLogsQuery } from "@/components/live-sync/queries";
import { STREAMS, type Stream, type SyncLogItem, type SyncLogPage } from "@/components/live-sync/types";
import { useLiveSyncRefetchInterval } from "@/components/live-sync/use-live-refetch";
import { syncLogSearchParams } from "./search-params";

const OPTIONS: { value: Stream | null; label: string }[] = [
  { value: null, label: "All streams" },
  ...STREAMS.map((s) => ({ value: s, label: STREAM_LABEL[s]! })),
];

type Props = { sessionId: string; initial: { stream: Stream | null; page: SyncLogPage } };

export function SyncLog({ sessionId, initial }: Props) {
  const [{ stream }, setParams] = useQueryStates(syncLogSearchParams);
  const query = useInfiniteQuery({
    ...liveSessionLogsQuery(sessionId, stream),
    initialData: stream === initial.stream ? { pages: [initial.page], pageParams: [null] } : undefined,
    refetchInterval: useLiveSyncRefetchInterval(),
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card className="mt-5 overflow-hidden">
      <CardHeader className="flex-wrap">
        <CardTitle>Sync log</CardTitle>
        <SegmentedControl label="Filter by stream" options={OPTIONS} value={stream} onChange={(s) => void setParams({ stream: s })} />
      </CardHeader>
      <QueryError error={query.error} />
      {!query.isPending && items.length === 0 ? (
        <EmptyState icon={ScrollTextIcon} title="No ticks logged yet">
          {stream
            ? `The ${STREAM_LABEL[stream]!.toLowerCase()} stream has not ticked yet.`
            : "Each stream tick writes a row here: records synced, duration and any error."}
        </EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Time</TableHead>
              <TableHead>Stream</TableHead>
              <TableHead className="text-right">Records</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Duration</TableHead>
              <TableHead className="w-1/2">Error</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {query.isPending && <TableSkeleton columns={6} rows={5} />}
            {items.map((log) => (
              <LogRow key={log.id} log={log} />
            ))}
          </TableBody>
        </Table>
      )}
      {items.length > 0 && (
        <LoadMore
          shown={items.length}
          noun={items.length === 1 ? "tick" : "ticks"}
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        />
      )}
    </Card>
  );
}

function LogRow({ log }: { log: SyncLogItem }) {
  const duration = log.finishedAt ? toDate(log.finishedAt).getTime() - toDate(log.startedAt).getTime() : null;
  return (
    <TableRow data-testid="sync-log-row" data-stream={log.stream} data-status={log.status}>
      <TableCell className="whitespace-nowrap">
        <RelativeTime date={log.startedAt} />
      </TableCell>
      <TableCell>{STREAM_LABEL[log.stream] ?? log.stream}</TableCell>
      <TableCell className={`text-right tabular-nums ${log.recordsSynced === 0 ? "text-muted-foreground" : "font-medium"}`}>
        {log.recordsSynced}
      </TableCell>
      <TableCell>
        <SyncLogStatusBadge status={log.status} />
      </TableCell>
      <TableCell className="text-right whitespace-nowrap tabular-nums text-muted-foreground">{formatDuration(duration)}</TableCell>
      <TableCell className="max-w-md text-xs">
        {log.error ? (
          <FailureSummary
            failureClass={log.failureClass}
            message={log.error}
            detail={log.errorDetail}
            tone={log.status === "error" ? "red" : "amber"}
          />
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </TableCell>
    </TableRow>
  );
}
