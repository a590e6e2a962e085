"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { UsersIcon } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { TableSkeleton } from "@/components/table-skeleton";
import { RelativeTime } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AccountBadges, Memberships } from "@/components/synced-data/account-badges";
import { accountsQuery } from "@/components/synced-data/queries";
import type { AccountFilters, AccountPage } from "@/components/synced-data/types";
import { AccountFiltersBar } from "./filters";
import { accountsSearchParams } from "./search-params";

type Props = { initialFilters: AccountFilters; initialPage: AccountPage; instances: { id: string; name: string }[] };

const same = (a: AccountFilters, b: AccountFilters) => (Object.keys(a) as (keyof AccountFilters)[]).every((k) => a[k] === b[k]);

export function AccountsClient({ initialFilters, initialPage, instances }: Props) {
  const [filters, setFilters] = useQueryStates(accountsSearchParams);
  const query = useInfiniteQuery({
    ...accountsQuery(filters),
    initialData: same(filters, initialFilters) ? { pages: [initialPage], pageParams: [null] } : undefined,
    refetchInterval: useLiveRefetchInterval(),
  });
  const accounts = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const filtered = Object.values(filters).some((v) => v !== null);

  return (
    <>
      <PageHeader title="Accounts" description="Roles and users of every instance, as of each instance's last account sync." />
      <Card className="overflow-hidden">
        <AccountFiltersBar filters={filters} onChange={(patch) => void setFilters(patch)} instances={instances} />
        <QueryError error={query.error} />
        {query.isPending ? (
          <Table>
            <TableBody>
              <TableSkeleton columns={6} rows={8} />
            </TableBody>
          </Table>
        ) : accounts.length === 0 ? (
          <EmptyState icon={UsersIcon} title={filtered ? "No matching accounts" : "No accounts synced yet"}>
            {filtered
              ? "No account matches these filters."
              : "Run an account sync from Sync sessions; the roles and users of each instance are listed here."}
          </EmptyState>
        ) : (
          <>
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden sm:table-cell">Instance</TableHead>
                  <TableHead className="hidden md:table-cell">Kind</TableHead>
                  <TableHead>Attributes</TableHead>
                  <TableHead className="hidden lg:table-cell">Member of</TableHead>
                  <TableHead className="hidden sm:table-cell">{filters.deleted ? "Deleted" : "Last changed"}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {accounts.map((a) => (
                  <TableRow key={a.id} data-testid="account-row" data-account-name={a.name} data-instance-name={a.instanceName}>
                    <TableCell className="font-medium">
                      <Link href={`/accounts/${a.id}`} className="break-words hover:underline">
                        {a.name}
                      </Link>
                      <div className="text-xs font-normal text-muted-foreground sm:hidden">
                        {a.kind} on {a.instanceName}
                      </div>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <Link href={`/instances/${a.instanceId}`} className="text-muted-foreground hover:text-foreground hover:underline">
                        {a.instanceName}
                      </Link>
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      <Badge tone={a.kind === "user" ? "blue" : "neutral"}>{a.kind}</Badge>
                    </TableCell>
                    <TableCell>
                      <AccountBadges account={a} />
                    </TableCell>
                    <TableCell className="hidden lg:table-cell">
                      <Memberships memberOf={a.memberOf} adminOf={a.adminOf} />
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                      <RelativeTime date={filters.deleted ? a.deletedAt : a.lastChangedAt} />
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
      </Card>
    </>
  );
}
