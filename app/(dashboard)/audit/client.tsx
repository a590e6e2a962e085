"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { BulkHistory } from "@/components/bulk/bulk-history";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { auditQuery } from "@/components/data/queries";
import type { AuditPage } from "@/components/data/types";
import { AuditTable } from "./audit-table";

export function AuditClient({ initialPage }: { initialPage: AuditPage }) {
  const query = useInfiniteQuery({
    ...auditQuery(),
    initialData: { pages: [initialPage], pageParams: [null] },
    refetchInterval: useLiveRefetchInterval(),
  });
  const entries = query.data.pages.flatMap((p) => p.items);
  return (
    <>
      <PageHeader title="Audit log" description="Every change, who made it and when, newest first." />
      <BulkHistory />
      <Card className="overflow-hidden">
        <QueryError error={query.error} />
        <AuditTable entries={entries} />
        {entries.length > 0 && (
          <LoadMore
            shown={entries.length}
            noun={entries.length === 1 ? "entry" : "entries"}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          />
        )}
      </Card>
    </>
  );
}
