"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeftIcon } from "lucide-react";
import Link from "next/link";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { QueryError } from "@/components/query-error";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { sessionQuery } from "@/components/data/queries";
import type { SessionDetail } from "@/components/data/types";
import { TimeModeToggle } from "@/components/time-mode-toggle";
import { RunChanges } from "./changes";
import { RecordsTable } from "./records-table";
import { RunLogAndStats } from "./run-log";
import { RunTimeline } from "./run-timeline";
import { CancelSessionButton, RetryFailedButton } from "./session-actions";
import { SessionSummary } from "./session-summary";

type Props = { initialSession: SessionDetail; canCancel: boolean; canRetry: boolean; canEdit?: boolean; me: { id: string; name: string } };

export function SessionDetailClient({ initialSession, canCancel, canRetry, canEdit = false, me }: Props) {
  const { data: session, error } = useQuery({
    ...sessionQuery(initialSession.id),
    initialData: initialSession,
    refetchInterval: useLiveRefetchInterval(),
  });
  const running = session.status === "running";
  const hasFailed = session.records.some((r) => r.status === "failed");
  const actions = (
    <>
      {canRetry && !running && hasFailed && <RetryFailedButton session={session} />}
      {canCancel && <CancelSessionButton session={session} me={me} />}
    </>
  );

  return (
    <>
      <Link href="/sessions" className="mb-3 inline-flex items-center gap-1 text-[13px] text-muted-foreground hover:text-foreground">
        <ChevronLeftIcon className="size-4" />
        Sync sessions
      </Link>
      <SessionSummary session={session} actions={actions} canEdit={canEdit} />
      <Card className="mt-5 overflow-hidden">
        <CardHeader>
          <CardTitle>Timeline</CardTitle>
          <TimeModeToggle />
        </CardHeader>
        <RunTimeline session={session} />
      </Card>
      <Card className="mt-5 overflow-hidden">
        <CardHeader>
          <CardTitle>Instance records</CardTitle>
          <RecordCounts session={session} />
        </CardHeader>
        <QueryError error={error} />
        <RecordsTable records={session.records} canResync={canRetry} sessionId={session.id} />
      </Card>
      <RunChanges sessionId={session.id} running={running} />
      <RunLogAndStats sessionId={session.id} />
    </>
  );
}

function RecordCounts({ session }: { session: SessionDetail }) {
  const by = (s: string) => session.records.filter((r) => r.status === s).length;
  const parts = [
    [by("running"), "running", "text-blue-700"],
    [by("pending"), "pending", ""],
    [by("failed"), "failed", "text-red-600"],
    [by("cancelled"), "cancelled", ""],
  ] as const;
  return (
    <span className="text-xs tabular-nums text-muted-foreground">
      {session.records.length} instance{session.records.length === 1 ? "" : "s"}
      {parts.map(
        ([n, label, tone]) =>
          n > 0 && (
            <span key={label} className={tone}>
              {" "}
              · {n} {label}
            </span>
          ),
      )}
    </span>
  );
}
