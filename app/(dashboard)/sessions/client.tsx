"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useQueryState } from "nuqs";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { sessionsQuery } from "@/components/data/queries";
import type { InstanceItem, SessionPage, SessionStatus } from "@/components/data/types";
import { sessionsSearchParams } from "./search-params";
import { SessionsTable } from "./sessions-table";
import { StartBatchDialog } from "./start-batch-dialog";
import { StatusFilter } from "./status-filter";

type Props = {
  initialStatus: SessionStatus | null;
  initialPage: SessionPage;
  canStart: boolean;
  initialInstances: InstanceItem[] | null;
};

export function SessionsClient({ initialStatus, initialPage, canStart, initialInstances }: Props) {
  const [status, setStatus] = useQueryState("status", sessionsSearchParams.status);
  const query = useInfiniteQuery({
    ...sessionsQuery(status),
    initialData: status === initialStatus ? { pages: [initialPage], pageParams: [null] } : undefined,
    refetchInterval: useLiveRefetchInterval(),
  });
  const sessions = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Sync sessions"
        description="Batch runs across upstream instances, newest first."
        actions={canStart && initialInstances && <StartBatchDialog initialInstances={initialInstances} />}
      />
      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b px-4 py-2.5">
          <StatusFilter value={status} onChange={(s) => void setStatus(s)} />
        </div>
        <QueryError error={query.error} />
        <SessionsTable sessions={sessions} loading={query.isPending} filtered={status !== null} />
        {sessions.length > 0 && (
          <LoadMore
            shown={sessions.length}
            noun={sessions.length === 1 ? "session" : "sessions"}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          />
        )}
      </Card>
    </>
  );
}
