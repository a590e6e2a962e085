"use client";

import { IdChip } from "@/components/id-chip";
import { ArrowRightIcon, CircleAlertIcon, UnlinkIcon } from "lucide-react";
import Link from "next/link";
import { FailureClassBadge } from "@/components/failures/failure-class-badge";
import { RawErrorDetail } from "@/components/failures/failure-summary";
import { RelativeTime, useNow } from "@/components/time";
import { Card } from "@/components/ui/card";
import { LiveStateBadge, SyncStatus } from "@/components/live-sync/badges";
import { RetryingIn } from "@/components/live-sync/retrying-in";
import { isStalled } from "@/components/live-sync/stalled";
import type { LiveSessionDetail } from "@/components/live-sync/types";
import { ActiveToggleButton, AutoSyncSwitch, RestartButton } from "../controls";

export function SessionHeader({ session, canControl }: { session: LiveSessionDetail; canControl: boolean }) {
  const now = useNow();
  const unbound = session.bindingStatus !== "active";
  const stalled = isStalled(session, now);

  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2.5">
            <h1 className="flex items-center gap-2 text-xl font-semibold tracking-tight">
              {session.gameAccount}
              <ArrowRightIcon className="size-4 text-muted-foreground" aria-label="to" />
              <Link href={`/stores/${session.storeId}`} className="underline-offset-4 hover:underline">
                {session.store}
              </Link>
            </h1>
            <LiveStateBadge state={session.state} testId="live-session-state" />
            {session.state === "active" && <SyncStatus status={session.syncStatus} />}
            {stalled && <span className="text-xs font-medium text-amber-700">stalled</span>}
          </div>
          <p className="mt-1 text-muted-foreground">
            <IdChip id={session.id} full />
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <AutoSyncSwitch session={session} canControl={canControl} showLabel />
          {canControl && !unbound && (
            <>
              <span className="mx-1 h-5 w-px bg-border" aria-hidden />
              {session.state !== "inactive" && <RestartButton session={session} emphasis={session.state === "error" || stalled} />}
              <ActiveToggleButton session={session} />
            </>
          )}
        </div>
      </div>
      {unbound && (
        <p
          data-testid="unbound-notice"
          className="mt-4 flex flex-wrap items-center gap-1.5 rounded-md border bg-muted px-3 py-2 text-[13px] text-muted-foreground"
        >
          <UnlinkIcon className="size-4 shrink-0" />
          {session.gameAccount} was unbound from {session.store}: the streams are stopped and the synced data is kept.
          <Link href="/bindings" className="font-medium text-foreground underline-offset-2 hover:underline">
            Bind it again
          </Link>
          to resume.
        </p>
      )}
      {session.state === "error" && (
        <div
          role="alert"
          data-testid="live-session-error"
          className="mt-4 flex items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700"
        >
          <CircleAlertIcon className="mt-px size-4 shrink-0" />
          <div className="min-w-0">
            <p className="break-words">
              <FailureClassBadge failureClass={session.failureClass} className="mr-1.5 align-[1px]" />
              {session.errorMsg ?? "The last tick failed."}
            </p>
            <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs tabular-nums text-red-700/80">
              {session.errorSince && (
                <span>
                  in error since <RelativeTime date={session.errorSince} className="text-inherit" />
                </span>
              )}
              <RetryingIn date={session.nextRetryAt} className="text-inherit" />
              {session.retryCount > 0 && (
                <span>
                  {session.retryCount} failed attempt{session.retryCount === 1 ? "" : "s"}
                </span>
              )}
            </div>
            {session.errorDetail && <RawErrorDetail detail={session.errorDetail} className="mt-1" />}
          </div>
        </div>
      )}
      <dl className="mt-5 grid grid-cols-2 gap-x-6 gap-y-4 border-t pt-4 text-[13px] sm:grid-cols-4">
        <Field label="Last sync">
          <RelativeTime date={session.lastSyncAt} />
        </Field>
        <Field label="Created">
          <RelativeTime date={session.createdAt} />
        </Field>
        <Field label="Binding">{unbound ? "unbound" : "bound"}</Field>
        <Field label="Version">
          <span className="tabular-nums">{session.version}</span>
        </Field>
      </dl>
    </Card>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 truncate font-medium">{children}</dd>
    </div>
  );
}
