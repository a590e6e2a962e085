"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { GitCompareIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { LoadMore } from "@/components/load-more";
import { QueryError } from "@/components/query-error";
import { TableSkeleton } from "@/components/table-skeleton";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { InstanceRecordItem } from "@/components/data/types";
import { ChangeAttributes, ChangeBadge } from "@/components/synced-data/change-list";
import { changesQuery } from "@/components/synced-data/queries";
import { SYNCED_CHANGE_KINDS, type SyncedChangeKind } from "@/lib/domain/values";

const FILTERS: { value: SyncedChangeKind | null; label: string }[] = [
  { value: null, label: "All" },
  ...SYNCED_CHANGE_KINDS.map((c) => ({ value: c, label: c[0]!.toUpperCase() + c.slice(1) })),
];

type Scope = { sessionId: string; recordId?: string | null };

/** What a run (or one of its records) created, updated and deleted, item by item, with each attribute's before → after. */
function ChangesList({ scope, showInstance, running }: { scope: Scope; showInstance: boolean; running: boolean }) {
  const [change, setChange] = useState<SyncedChangeKind | null>(null);
  const query = useInfiniteQuery({ ...changesQuery(scope, change), refetchInterval: useLiveRefetchInterval() });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return (
    <>
      <div className="border-b px-4 py-2">
        <SegmentedControl label="Change" options={FILTERS} value={change} onChange={setChange} />
      </div>
      <QueryError error={query.error} />
      {query.isPending ? (
        <Table>
          <TableBody>
            <TableSkeleton columns={3} rows={4} />
          </TableBody>
        </Table>
      ) : items.length === 0 ? (
        <EmptyState icon={GitCompareIcon} title={change ? `Nothing ${change}` : running ? "No changes yet" : "No changes"}>
          {change
            ? "Choose All to see every change."
            : running
              ? "Changes appear as each instance finishes."
              : "Every synced item was as the previous run left it."}
        </EmptyState>
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Item</TableHead>
                {showInstance && <TableHead className="hidden sm:table-cell">Instance</TableHead>}
                <TableHead className="hidden sm:table-cell">Change</TableHead>
                <TableHead className="sm:min-w-64">Before → after</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((c) => (
                <TableRow
                  key={`${c.recordId}-${c.kind}-${c.item}`}
                  data-testid="change-row"
                  data-item={c.item}
                  data-change={c.change}
                  data-instance-name={c.instanceName}
                  className="[&>td]:align-top"
                >
                  <TableCell>
                    <div className="font-mono text-xs font-medium break-words">{c.item}</div>
                    <div className="text-xs text-muted-foreground">
                      {c.kind}
                      <span className="sm:hidden">{showInstance && ` on ${c.instanceName}`}</span>
                    </div>
                    <div className="mt-1 sm:hidden">
                      <ChangeBadge change={c.change} />
                    </div>
                  </TableCell>
                  {showInstance && <TableCell className="hidden text-[13px] sm:table-cell">{c.instanceName}</TableCell>}
                  <TableCell className="hidden sm:table-cell">
                    <ChangeBadge change={c.change} />
                  </TableCell>
                  <TableCell className="max-w-md whitespace-normal">
                    <ChangeAttributes change={c} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore
            shown={items.length}
            noun={items.length === 1 ? "change" : "changes"}
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}

/** The whole run's changes, below its records. */
export function RunChanges({ sessionId, running }: { sessionId: string; running: boolean }) {
  return (
    <Card className="mt-5 overflow-hidden" data-testid="run-changes">
      <CardHeader>
        <CardTitle>Changes</CardTitle>
        <span className="text-xs text-muted-foreground">created, updated and deleted items of every instance</span>
      </CardHeader>
      <ChangesList scope={{ sessionId }} showInstance running={running} />
    </Card>
  );
}

/** Opens one record's changes. */
export function RecordChangesButton({ record, sessionId }: { record: InstanceRecordItem; sessionId: string }) {
  const changed = record.itemsCreated + record.itemsUpdated + record.itemsDeleted;
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="xs" aria-label={`Changes of ${record.instanceName}`}>
          <GitCompareIcon />
          {changed} change{changed === 1 ? "" : "s"}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl gap-0 overflow-hidden p-0">
        <DialogHeader className="border-b px-5 py-4">
          <DialogTitle>Changes of {record.instanceName}</DialogTitle>
          <DialogDescription>
            {record.itemsCreated} created · {record.itemsUpdated} updated · {record.itemsDeleted} deleted
          </DialogDescription>
        </DialogHeader>
        <div className="max-h-[65vh] overflow-y-auto">
          <ChangesList scope={{ sessionId, recordId: record.id }} showInstance={false} running={record.status === "running"} />
        </div>
      </DialogContent>
    </Dialog>
  );
}
