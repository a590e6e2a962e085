"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { DownloadIcon } from "lucide-react";
import { useQueryStates } from "nuqs";
import { BulkHistory } from "@/components/bulk/bulk-history";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { auditQuery } from "@/components/data/queries";
import { searchParams } from "@/components/data/fetch-json";
import type { AuditPage } from "@/components/data/types";
import { AuditFiltersBar } from "./filters";
import { AuditTable } from "./audit-table";
import { auditSearchParams, type AuditFilterValues } from "./search-params";

type Props = {
  initialFilters: AuditFilterValues;
  initialPage: AuditPage;
  facets: { actions: string[]; targetTypes: string[] };
  /** Super admins: API token targets link to the tokens page. */
  canSeeTokens: boolean;
};

const sameFilters = (a: AuditFilterValues, b: AuditFilterValues) =>
  (Object.keys(a) as (keyof AuditFilterValues)[]).every((k) => a[k] === b[k]);

export function AuditClient({ initialFilters, initialPage, facets, canSeeTokens }: Props) {
  const [filters, setFilters] = useQueryStates(auditSearchParams);
  const query = useInfiniteQuery({
    ...auditQuery(filters),
    initialData: sameFilters(filters, initialFilters) ? { pages: [initialPage], pageParams: [null] } : undefined,
    refetchInterval: useLiveRefetchInterval(),
  });
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some((v) => v !== null);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, who made it and when, newest first."
        actions={
          <Button asChild variant="outline" size="sm">
            {/* A plain download: the browser sends the cookie, the route streams the CSV. */}
            <a href={`/api/v1/audit/export${searchParams(filters)}`} download data-testid="audit-export">
              <DownloadIcon />
              Export CSV
            </a>
          </Button>
        }
      />
      {!filtered && <BulkHistory />}
      <Card className="overflow-hidden">
        <AuditFiltersBar filters={filters} onChange={(patch) => void setFilters(patch)} facets={facets} />
        <QueryError error={query.error} />
        <AuditTable
          entries={entries}
          loading={query.isPending}
          filtered={filtered}
          canSeeTokens={canSeeTokens}
          onFilter={(patch) => void setFilters(patch)}
        />
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
