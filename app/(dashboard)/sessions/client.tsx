"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import { BulkBar } from "@/components/bulk/bulk-bar";
import { useBulkSelection } from "@/components/bulk/use-bulk-selection";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { sessionsQuery } from "@/components/data/queries";
import type { InstanceItem, SessionFilters, SessionPage } from "@/components/data/types";
import { previewBulkSessionsAction, startBulkSessionsAction } from "./actions";
import { SessionFiltersBar } from "./filters";
import { sessionsSearchParams } from "./search-params";
import { SessionsTable } from "./sessions-table";
import { StartBatchDialog } from "./start-batch-dialog";
import { SESSION_BULK_ACTIONS } from "@/lib/domain/values";

type Props = {
  initialFilters: SessionFilters;
  initialPage: SessionPage;
  canStart: boolean;
  initialInstances: InstanceItem[] | null;
  me: { id: string; name: string };
  /** May cancel and retry in bulk. */
  canBulk?: boolean;
};

const bulkServer = { preview: previewBulkSessionsAction, start: startBulkSessionsAction };

const sameFilters = (a: SessionFilters, b: SessionFilters) => (Object.keys(a) as (keyof SessionFilters)[]).every((k) => a[k] === b[k]);

export function SessionsClient({ initialFilters, initialPage, canStart, initialInstances, me, canBulk = false }: Props) {
  const [filters, setFilters] = useQueryStates(sessionsSearchParams);
  const query = useInfiniteQuery({
    ...sessionsQuery(filters),
    initialData: sameFilters(filters, initialFilters) ? { pages: [initialPage], pageParams: [null] } : undefined,
    refetchInterval: useLiveRefetchInterval(),
  });
  const sessions = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const first = query.data?.pages[0];
  const total = first && first.total !== null ? { n: first.total, capped: first.totalCapped } : null;
  const creators = useMemo(() => {
    const seen = new Map<string, string>();
    for (const s of sessions) if (s.createdBy && s.createdByName) seen.set(s.createdBy, s.createdByName);
    return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [sessions]);
  const filtered = Object.values(filters).some((v) => v !== null);
  const bulkFilter = useMemo(() => Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== null)), [filters]);
  const filterKey = JSON.stringify(bulkFilter);
  const selection = useBulkSelection(
    sessions.map((s) => s.id),
    filterKey,
  );

  return (
    <>
      <PageHeader
        title="Sync sessions"
        description="Batch runs across upstream instances, newest first."
        actions={canStart && initialInstances && <StartBatchDialog initialInstances={initialInstances} />}
      />
      <Card className="overflow-hidden">
        <SessionFiltersBar filters={filters} onChange={(patch) => void setFilters(patch)} me={me} creators={creators} />
        <QueryError error={query.error} />
        <SessionsTable sessions={sessions} loading={query.isPending} filtered={filtered} selection={canBulk ? selection : undefined} />
        {sessions.length > 0 && (
          <LoadMore
            shown={sessions.length}
            noun={(total?.n ?? sessions.length) === 1 ? "session" : "sessions"}
            total={total}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          />
        )}
      </Card>
      {canBulk && (
        <BulkBar
          selection={selection}
          filter={bulkFilter}
          filterKey={filterKey}
          actions={[...SESSION_BULK_ACTIONS]}
          server={bulkServer}
          noun="session"
        />
      )}
    </>
  );
}
