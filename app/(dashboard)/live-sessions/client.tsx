"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { BulkBar } from "@/components/bulk/bulk-bar";
import { useBulkSelection } from "@/components/bulk/use-bulk-selection";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { SearchFilter } from "@/components/search/search-filter";
import { FailureClassFilter } from "@/components/failures/failure-class-filter";
import type { FailureClass } from "@/lib/failures/classes";
import { liveSessionsQuery } from "@/components/live-sync/queries";
import type { LiveSessionItem } from "@/components/live-sync/types";
import { useLiveSyncRefetchInterval } from "@/components/live-sync/use-live-refetch";
import { previewBulkLiveAction, startBulkLiveAction } from "./actions";
import { LiveSessionsTable } from "./live-sessions-table";
import { liveSessionsSearchParams } from "./search-params";
import { LIVE_SESSION_BULK_ACTIONS } from "@/lib/domain/values";

type Props = {
  initialSessions: LiveSessionItem[];
  initialQ: string | null;
  initialFailureClass?: FailureClass | null;
  canControl: boolean;
};

const bulkServer = { preview: previewBulkLiveAction, start: startBulkLiveAction };

export function LiveSessionsClient({ initialSessions, initialQ, initialFailureClass = null, canControl }: Props) {
  const [{ q, failureClass }, setFilters] = useQueryStates(liveSessionsSearchParams);
  const query = useQuery({
    ...liveSessionsQuery(q, failureClass),
    initialData: q === initialQ && failureClass === initialFailureClass ? { items: initialSessions } : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: useLiveSyncRefetchInterval(),
  });
  const { error } = query;
  const data = query.data ?? { items: [] };
  const count = (state: string) => data.items.filter((s) => s.state === state).length;
  const errors = count("error");
  const bulkFilter = { ...(q ? { q } : {}), ...(failureClass ? { failureClass } : {}) };
  const filterKey = JSON.stringify(bulkFilter);
  const selection = useBulkSelection(
    data.items.map((s) => s.id),
    filterKey,
  );

  return (
    <>
      <PageHeader
        title="Live sessions"
        description={
          <span className="tabular-nums">
            Continuous sync of each bound store · {count("active")} active
            {errors > 0 && <span className="text-red-600"> · {errors} in error</span>}
            {count("inactive") > 0 && <> · {count("inactive")} inactive</>}
          </span>
        }
      />
      <Card className="overflow-hidden">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b px-4 py-2.5">
          <SearchFilter
            value={q}
            onChange={(next) => void setFilters({ q: next })}
            placeholder="Search store, account or error"
            label="Search live sessions"
          />
          <FailureClassFilter value={failureClass} onChange={(next) => void setFilters({ failureClass: next })} label="In error" />
        </div>
        <QueryError error={error} />
        <LiveSessionsTable
          sessions={data.items}
          canControl={canControl}
          filtered={q !== null || failureClass !== null}
          selection={canControl ? selection : undefined}
        />
      </Card>
      {canControl && (
        <BulkBar
          selection={selection}
          filter={bulkFilter}
          filterKey={filterKey}
          actions={[...LIVE_SESSION_BULK_ACTIONS]}
          server={bulkServer}
          noun="live session"
        />
      )}
    </>
  );
}
