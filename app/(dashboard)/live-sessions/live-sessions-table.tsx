"use client";

import { ArrowRightIcon, RadioTowerIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { SelectAllHead, SelectRowCell, type RowSelection } from "@/components/bulk/select-cells";
import { EmptyState } from "@/components/empty-state";
import { FailureClassBadge } from "@/components/failures/failure-class-badge";
import { RelativeTime, useNow } from "@/components/time";
import { cn } from "@/components/cn";
import { rowLink, STACK_ON_PHONE, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LiveStateBadge } from "@/components/live-sync/badges";
import { RetryingIn } from "@/components/live-sync/retrying-in";
import { isStalled } from "@/components/live-sync/stalled";
import type { LiveSessionItem } from "@/components/live-sync/types";
import { ActiveToggleButton, AutoSyncSwitch, RestartButton } from "./controls";
import { StreamsSummary } from "./streams-summary";

type Props = { sessions: LiveSessionItem[]; canControl: boolean; filtered?: boolean; selection?: RowSelection };

export function LiveSessionsTable({ sessions, canControl, filtered = false, selection }: Props) {
  const router = useRouter();
  const now = useNow();
  if (sessions.length === 0 && filtered) {
    return (
      <EmptyState icon={RadioTowerIcon} title="No live session matches">
        Nothing matches this search by store, account, game server or error.
      </EmptyState>
    );
  }
  if (sessions.length === 0) {
    return (
      <EmptyState icon={RadioTowerIcon} title="No live sessions yet">
        Binding a game account to a store on the{" "}
        <Link href="/bindings" className="font-medium text-foreground underline-offset-2 hover:underline">
          Bindings
        </Link>{" "}
        page starts one.
      </EmptyState>
    );
  }
  return (
    <Table className={STACK_ON_PHONE}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {selection && <SelectAllHead selection={selection} label="Select every live session shown" />}
          <TableHead>Account → store</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Auto-sync</TableHead>
          <TableHead>Streams</TableHead>
          <TableHead>Last sync</TableHead>
          {canControl && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {sessions.map((s) => {
          const stalled = isStalled(s, now);
          const unbound = s.bindingStatus !== "active";
          const link = rowLink(() => router.push(`/live-sessions/${s.id}`));
          return (
            <TableRow
              key={s.id}
              data-testid="live-session-row"
              data-account={s.gameAccount}
              data-state={s.state}
              data-live-session-id={s.id}
              data-selected={selection?.isSelected(s.id) || undefined}
              tabIndex={link.tabIndex}
              onKeyDown={link.onKeyDown}
              className={cn(link.className, selection?.isSelected(s.id) && "bg-sky-50/70 hover:bg-sky-50")}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest("a, button, label, [role=switch]")) router.push(`/live-sessions/${s.id}`);
              }}
            >
              {selection && <SelectRowCell selection={selection} id={s.id} label="Select live session" />}
              <TableCell>
                <Link
                  href={`/live-sessions/${s.id}`}
                  prefetch={false}
                  className="inline-flex items-center gap-1.5 font-medium whitespace-nowrap hover:underline"
                >
                  {s.gameAccount}
                  <ArrowRightIcon className="size-3.5 text-muted-foreground" aria-label="to" />
                  {s.store}
                </Link>
              </TableCell>
              <TableCell className="w-60 max-w-60 text-xs">
                <div className="flex items-center gap-2">
                  <LiveStateBadge state={s.state} />
                  {s.state === "error" && <FailureClassBadge failureClass={s.failureClass} />}
                  {stalled && (
                    <span className="font-medium text-amber-700" title="A stream has not ticked for three intervals">
                      stalled
                    </span>
                  )}
                  {unbound && <span className="text-muted-foreground">unbound</span>}
                </div>
                {s.state === "error" && (
                  <div className="mt-1">
                    {s.errorMsg && (
                      <p className="line-clamp-2 break-words text-red-600" title={s.errorMsg}>
                        {s.errorMsg}
                      </p>
                    )}
                    <RetryingIn date={s.nextRetryAt} />
                  </div>
                )}
              </TableCell>
              <TableCell>
                <AutoSyncSwitch session={s} canControl={canControl} />
              </TableCell>
              <TableCell>
                <StreamsSummary session={s} />
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                <RelativeTime date={s.lastSyncAt} />
              </TableCell>
              {canControl && (
                <TableCell className="text-right">
                  <div className="flex justify-end gap-1.5">
                    {!unbound && (s.state === "error" || stalled) && <RestartButton session={s} size="xs" emphasis={s.state === "error"} />}
                    <ActiveToggleButton session={s} size="xs" />
                  </div>
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
