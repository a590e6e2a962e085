"use client";

import { Link2Icon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { TableSkeleton } from "@/components/table-skeleton";
import { RelativeTime } from "@/components/time";
import { STACK_ON_PHONE, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { BindingStatusBadge, LiveStateBadge, SyncStatus } from "@/components/live-sync/badges";
import { RetryingIn } from "@/components/live-sync/retrying-in";
import type { BindingItem } from "@/components/live-sync/types";
import { UnbindButton } from "./unbind-button";

type Props = { bindings: BindingItem[]; loading: boolean; filtered: boolean; canWrite: boolean };

export function BindingsTable({ bindings, loading, filtered, canWrite }: Props) {
  if (!loading && bindings.length === 0) {
    return (
      <EmptyState icon={Link2Icon} title={filtered ? "No bindings match" : "No bindings yet"}>
        {filtered
          ? "Try another name or clear the filters."
          : canWrite
            ? "Bind a game account to a store to start syncing it live."
            : "A super admin can bind game accounts to stores."}
      </EmptyState>
    );
  }
  return (
    <Table className={STACK_ON_PHONE}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Game account</TableHead>
          <TableHead>Store</TableHead>
          <TableHead>Game server</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Live session</TableHead>
          <TableHead>Last sync</TableHead>
          <TableHead>Created</TableHead>
          {canWrite && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {loading && bindings.length === 0 && <TableSkeleton columns={canWrite ? 8 : 7} />}
        {bindings.map((b) => (
          <TableRow key={b.id} data-testid="binding-row" data-account={b.gameAccount} data-status={b.status} data-binding-id={b.id}>
            <TableCell className="font-medium">
              {b.liveSessionId ? (
                <Link href={`/live-sessions/${b.liveSessionId}`} prefetch={false} className="hover:underline" title="Open the live session">
                  {b.gameAccount}
                </Link>
              ) : (
                b.gameAccount
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <Link href={`/stores/${b.storeId}`} prefetch={false} className="hover:underline">
                {b.store}
              </Link>
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">{b.instanceName}</TableCell>
            <TableCell className="whitespace-nowrap">
              <BindingStatusBadge status={b.status} />
              {b.status === "inactive" && b.unboundAt && (
                <RelativeTime date={b.unboundAt} className="mt-0.5 block text-xs text-muted-foreground" />
              )}
            </TableCell>
            <TableCell className="w-64 max-w-64 text-xs">
              {b.state ? (
                <>
                  <div className="flex items-center gap-2 whitespace-nowrap">
                    <LiveStateBadge state={b.state} />
                    {b.state === "active" && <SyncStatus status={b.syncStatus ?? "idle"} />}
                    {b.state !== "inactive" && b.autoSyncEnabled === false && <span className="text-amber-700">auto-sync off</span>}
                  </div>
                  {b.state === "error" && (
                    <div className="mt-1" data-testid="binding-error">
                      {b.errorMsg && (
                        <p className="line-clamp-2 break-words text-red-600" title={b.errorMsg}>
                          {b.errorMsg}
                        </p>
                      )}
                      <RetryingIn date={b.nextRetryAt} />
                    </div>
                  )}
                </>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              <RelativeTime date={b.lastSyncAt} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <div className="max-w-36 truncate">{b.createdByName ?? <span className="italic text-muted-foreground">API token</span>}</div>
              <RelativeTime date={b.createdAt} className="text-xs text-muted-foreground" />
            </TableCell>
            {canWrite && <TableCell className="text-right">{b.status === "active" && <UnbindButton binding={b} />}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
