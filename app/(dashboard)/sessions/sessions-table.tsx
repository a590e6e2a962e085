"use client";

import { ActivityIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { SelectAllHead, SelectRowCell, type RowSelection } from "@/components/bulk/select-cells";
import { EmptyState } from "@/components/empty-state";
import { FailureClassBadge } from "@/components/failures/failure-class-badge";
import { SessionProgress } from "@/components/session-progress";
import { SessionStatusBadge } from "@/components/status-badge";
import { TableSkeleton } from "@/components/table-skeleton";
import { Elapsed, RelativeTime } from "@/components/time";
import { rowLink, STACK_ON_PHONE, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/cn";
import { IdChip } from "@/components/id-chip";
import type { SessionItem } from "@/components/data/types";
import { CategoryLabel, CreatedBy, SyncTypeLabel } from "./labels";

type Props = { sessions: SessionItem[]; loading: boolean; filtered: boolean; selection?: RowSelection };

export function SessionsTable({ sessions, loading, filtered, selection }: Props) {
  const router = useRouter();
  if (!loading && sessions.length === 0) {
    return (
      <EmptyState icon={ActivityIcon} title={filtered ? "No sessions match these filters" : "No sync sessions yet"}>
        {filtered ? "Widen the date range or clear a filter." : "Start a batch to sync your instances, or wait for the next scheduled run."}
      </EmptyState>
    );
  }
  return (
    <Table className={STACK_ON_PHONE}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {selection && <SelectAllHead selection={selection} label="Select every session shown" />}
          <TableHead>Started</TableHead>
          <TableHead>Run</TableHead>
          <TableHead>Category</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="w-48">Progress</TableHead>
          <TableHead className="text-right">Succeeded</TableHead>
          <TableHead className="text-right">Failed</TableHead>
          <TableHead>Created by</TableHead>
          <TableHead className="text-right">Duration</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {loading && sessions.length === 0 && <TableSkeleton columns={selection ? 11 : 10} />}
        {sessions.map((s) => {
          const link = rowLink(() => router.push(`/sessions/${s.id}`));
          return (
            <TableRow
              key={s.id}
              data-testid="session-row"
              data-status={s.status}
              data-session-id={s.id}
              data-selected={selection?.isSelected(s.id) || undefined}
              tabIndex={link.tabIndex}
              onKeyDown={link.onKeyDown}
              className={cn(link.className, selection?.isSelected(s.id) && "bg-sky-50/70 hover:bg-sky-50")}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest("a,button")) router.push(`/sessions/${s.id}`);
              }}
            >
              {selection && <SelectRowCell selection={selection} id={s.id} label="Select session" />}
              <TableCell className="whitespace-nowrap">
                <Link href={`/sessions/${s.id}`} prefetch={false} className="font-medium hover:underline">
                  <RelativeTime date={s.startedAt} />
                </Link>
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                <IdChip id={s.id} />
              </TableCell>
              <TableCell>
                <CategoryLabel category={s.syncCategory} />
              </TableCell>
              <TableCell className="text-muted-foreground">
                <SyncTypeLabel type={s.syncType} />
              </TableCell>
              <TableCell>
                <span className="inline-flex flex-wrap items-center gap-1">
                  <SessionStatusBadge session={s} />
                  <FailureClassBadge failureClass={s.failureClass} />
                </span>
              </TableCell>
              <TableCell data-phone="full">
                <SessionProgress session={s} />
              </TableCell>
              <TableCell className="text-right tabular-nums">
                <span className="sm:hidden text-muted-foreground">ok </span>
                {s.successfulInstances}
              </TableCell>
              <TableCell
                className={`text-right tabular-nums ${s.failedInstances > 0 ? "font-medium text-red-600" : "text-muted-foreground"}`}
              >
                <span className="sm:hidden">failed </span>
                {s.failedInstances}
              </TableCell>
              <TableCell data-phone="hide" className="max-w-40 truncate text-muted-foreground">
                <CreatedBy session={s} />
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums text-muted-foreground">
                <Elapsed from={s.startedAt} to={s.completedAt ?? s.cancelledAt} live={s.status === "running"} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
