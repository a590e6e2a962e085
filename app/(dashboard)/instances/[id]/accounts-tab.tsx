"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { UsersIcon } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { QueryError } from "@/components/query-error";
import { SearchFilter } from "@/components/search/search-filter";
import { TableSkeleton } from "@/components/table-skeleton";
import { RelativeTime } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AccountBadges, Memberships } from "@/components/synced-data/account-badges";
import { instanceAccountsQuery } from "@/components/synced-data/queries";

type Props = {
  instanceId: string;
  q: string | null;
  deleted: boolean;
  onChange: (patch: { q?: string | null; deleted?: boolean | null }) => void;
};

export function AccountsTab({ instanceId, q, deleted, onChange }: Props) {
  const query = useInfiniteQuery({
    ...instanceAccountsQuery(instanceId, q, deleted),
    placeholderData: keepPreviousData,
    refetchInterval: useLiveRefetchInterval(),
  });
  const accounts = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return (
    <>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b px-4 py-2.5">
        <SearchFilter value={q} onChange={(v) => onChange({ q: v })} placeholder="Search account name" label="Search accounts" />
        <div className="flex items-center gap-2">
          <Switch id="show-deleted" checked={deleted} onCheckedChange={(v) => onChange({ deleted: v || null })} />
          <Label htmlFor="show-deleted" className="text-[13px] font-normal">
            Show deleted
          </Label>
        </div>
      </div>
      <QueryError error={query.error} />
      {query.isPending ? (
        <Table>
          <TableBody>
            <TableSkeleton columns={5} rows={6} />
          </TableBody>
        </Table>
      ) : accounts.length === 0 ? (
        <EmptyState icon={UsersIcon} title={q || deleted ? "No matching accounts" : "No accounts synced yet"}>
          {q
            ? "No account name contains that text."
            : deleted
              ? "No account of this instance has been deleted upstream."
              : "Run an account sync of this instance to see its roles and users here."}
        </EmptyState>
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Kind</TableHead>
                <TableHead>Attributes</TableHead>
                <TableHead className="hidden md:table-cell">Member of</TableHead>
                <TableHead className="hidden sm:table-cell">{deleted ? "Deleted" : "Last changed"}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {accounts.map((a) => (
                <TableRow key={a.id} data-testid="account-row" data-account-name={a.name}>
                  <TableCell className="font-medium">
                    <Link href={`/accounts/${a.id}`} className="break-words hover:underline">
                      {a.name}
                    </Link>
                    <div className="text-xs font-normal text-muted-foreground sm:hidden">{a.kind}</div>
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">
                    <Badge tone={a.kind === "user" ? "blue" : "neutral"}>{a.kind}</Badge>
                  </TableCell>
                  <TableCell>
                    <AccountBadges account={a} />
                  </TableCell>
                  <TableCell className="hidden md:table-cell">
                    <Memberships memberOf={a.memberOf} adminOf={a.adminOf} />
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                    <RelativeTime date={deleted ? a.deletedAt : a.lastChangedAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore
            shown={accounts.length}
            noun={accounts.length === 1 ? "account" : "accounts"}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
