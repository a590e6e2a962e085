"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { SlidersHorizontalIcon } from "lucide-react";
import { useMemo } from "react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { QueryError } from "@/components/query-error";
import { SearchFilter } from "@/components/search/search-filter";
import { TableSkeleton } from "@/components/table-skeleton";
import { RelativeTime } from "@/components/time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { instanceSettingsQuery } from "@/components/synced-data/queries";

type Props = { instanceId: string; q: string | null; onSearch: (q: string | null) => void };

export function SettingsTab({ instanceId, q, onSearch }: Props) {
  const query = useInfiniteQuery({
    ...instanceSettingsQuery(instanceId, q),
    placeholderData: keepPreviousData,
    refetchInterval: useLiveRefetchInterval(),
  });
  const settings = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return (
    <>
      <div className="border-b px-4 py-2.5">
        <SearchFilter value={q} onChange={onSearch} placeholder="Search setting name" label="Search settings" />
      </div>
      <QueryError error={query.error} />
      {query.isPending ? (
        <Table>
          <TableBody>
            <TableSkeleton columns={5} rows={6} />
          </TableBody>
        </Table>
      ) : settings.length === 0 ? (
        <EmptyState icon={SlidersHorizontalIcon} title={q ? "No matching settings" : "No settings synced yet"}>
          {q ? "No setting name contains that text." : "Run a config sync of this instance to see its server settings here."}
        </EmptyState>
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Value</TableHead>
                <TableHead>Unit</TableHead>
                <TableHead>Source</TableHead>
                <TableHead>Last changed</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {settings.map((s) => (
                <TableRow key={s.name} data-testid="setting-row" data-setting-name={s.name}>
                  <TableCell className="font-mono text-xs font-medium">{s.name}</TableCell>
                  <TableCell className="max-w-72 truncate font-mono text-xs" title={s.value ?? undefined}>
                    {s.value ?? <span className="text-muted-foreground">—</span>}
                  </TableCell>
                  <TableCell className="text-xs text-muted-foreground">{s.unit ?? "—"}</TableCell>
                  <TableCell className="text-xs text-muted-foreground">{s.source ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <RelativeTime date={s.lastChangedAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore
            shown={settings.length}
            noun={settings.length === 1 ? "setting" : "settings"}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
