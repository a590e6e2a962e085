"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronLeftIcon } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { TableSkeleton } from "@/components/table-skeleton";
import { Card } from "@/components/ui/card";
import { Table, TableBody } from "@/components/ui/table";
import { LiveStateBadge } from "@/components/live-sync/badges";
import { formatInteger } from "@/components/live-sync/format";
import { liveSessionsQuery, storeDataQuery } from "@/components/live-sync/queries";
import { TabCount, Tabs } from "@/components/live-sync/tabs";
import type { LiveSessionItem, StoreData, StoreKind } from "@/components/live-sync/types";
import { useLiveSyncRefetchInterval } from "@/components/live-sync/use-live-refetch";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { StoreDataTable } from "./data-tables";
import { storeSearchParams } from "./search-params";

type Props = { initialData: StoreData; initialSessions: LiveSessionItem[] };

export function StoreClient({ initialData, initialSessions }: Props) {
  const storeId = initialData.store.id;
  const [{ kind }, setParams] = useQueryStates(storeSearchParams);
  const query = useQuery({
    ...storeDataQuery(storeId, kind),
    initialData: kind === initialData.kind ? initialData : undefined,
    // Keeps the counts in the tab labels while another tab loads; its rows are not shown.
    placeholderData: keepPreviousData,
    refetchInterval: useLiveRefetchInterval(),
  });
  const { data: feeds } = useQuery({
    ...liveSessionsQuery(),
    initialData: { items: initialSessions },
    select: (d) => d.items.filter((s) => s.storeId === storeId),
    refetchInterval: useLiveSyncRefetchInterval(),
  });
  const data = query.data;
  const counts = data?.counts;
  const ready = data && data.kind === kind && !query.isPlaceholderData ? data : null;

  const tabs: { value: StoreKind; label: React.ReactNode }[] = [
    {
      value: "battles",
      label: (
        <>
          Battles <TabCount testId="store-battle-count">{counts?.battles ?? 0}</TabCount>
        </>
      ),
    },
    {
      value: "wallet",
      label: (
        <>
          Wallet <TabCount testId="store-wallet-count">{counts?.wallet ?? 0}</TabCount>
        </>
      ),
    },
    {
      value: "members",
      label: (
        <>
          Members <TabCount testId="store-member-count">{counts?.members ?? 0}</TabCount>
        </>
      ),
    },
    { value: "stats", label: "Player stats" },
  ];

  return (
    <>
      <Link href="/bindings" className="mb-3 inline-flex items-center gap-1 text-[13px] text-muted-foreground hover:text-foreground">
        <ChevronLeftIcon className="size-4" />
        Bindings
      </Link>
      <PageHeader title={initialData.store.name} description={<Feeds sessions={feeds} />} />
      <Card className="overflow-hidden">
        <Tabs label="Store data" tabs={tabs} value={kind} onChange={(k) => void setParams({ kind: k })}>
          <QueryError error={query.error} />
          {ready ? (
            <StoreDataTable data={ready} />
          ) : (
            <Table>
              <TableBody>
                <TableSkeleton columns={4} rows={6} />
              </TableBody>
            </Table>
          )}
          {ready && ready.items.length > 0 && <Footer data={ready} />}
        </Tabs>
      </Card>
    </>
  );
}

/** The live sessions feeding this store, newest first; an unbound one is listed while nothing else feeds it. */
function Feeds({ sessions }: { sessions: LiveSessionItem[] }) {
  const bound = sessions.filter((s) => s.bindingStatus === "active");
  const shown = bound.length > 0 ? bound : sessions.slice(0, 1);
  if (shown.length === 0) return <>Synced data of this store · no account bound</>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      Synced data of this store · {bound.length > 0 ? "fed by" : "was fed by"}
      {shown.map((s) => (
        <Link
          key={s.id}
          href={`/live-sessions/${s.id}`}
          className="group inline-flex items-center gap-1.5 text-foreground"
          data-testid="store-feed"
        >
          <span className="font-medium group-hover:underline">{s.gameAccount}</span>
          <LiveStateBadge state={s.state} />
        </Link>
      ))}
    </span>
  );
}

function Footer({ data }: { data: StoreData }) {
  const total = data.kind === "battles" ? data.counts.battles : data.kind === "wallet" ? data.counts.wallet : null;
  const noun = { battles: "battles", wallet: "transactions", members: "members", stats: "players" }[data.kind];
  if (data.kind === "members") {
    const left = data.items.filter((m) => m.leftAt).length;
    return (
      <div className="border-t px-4 py-2.5 text-xs tabular-nums text-muted-foreground">
        {formatInteger(data.items.length - left)} members{left > 0 && ` · ${formatInteger(left)} left`}
      </div>
    );
  }
  return (
    <div className="border-t px-4 py-2.5 text-xs tabular-nums text-muted-foreground">
      {total !== null && total > data.items.length
        ? `Latest ${formatInteger(data.items.length)} of ${formatInteger(total)} ${noun}`
        : `${formatInteger(data.items.length)} ${noun}${data.kind === "stats" ? ", by score" : ""}`}
    </div>
  );
}
