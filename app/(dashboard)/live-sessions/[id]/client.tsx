"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeftIcon } from "lucide-react";
import Link from "next/link";
import { QueryError } from "@/components/query-error";
import { liveSessionQuery } from "@/components/live-sync/queries";
import { STREAMS, type LiveSessionDetail, type Stream, type SyncLogPage } from "@/components/live-sync/types";
import { useLiveSyncRefetchInterval } from "@/components/live-sync/use-live-refetch";
import { SessionHeader } from "./session-header";
import { StreamCard } from "./stream-card";
import { SyncLog } from "./sync-log";

type Props = {
  initialSession: LiveSessionDetail;
  initialLogs: { stream: Stream | null; page: SyncLogPage };
  canControl: boolean;
};

export function LiveSessionClient({ initialSession, initialLogs, canControl }: Props) {
  const { data: session, error } = useQuery({
    ...liveSessionQuery(initialSession.id),
    initialData: initialSession,
    refetchInterval: useLiveSyncRefetchInterval(),
  });
  const running = session.state !== "inactive" && session.autoSyncEnabled;

  return (
    <>
      <Link href="/live-sessions" className="mb-3 inline-flex items-center gap-1 text-[13px] text-muted-foreground hover:text-foreground">
        <ChevronLeftIcon className="size-4" />
        Live sessions
      </Link>
      {error && (
        <div className="mb-3 overflow-hidden rounded-lg border">
          <QueryError error={error} />
        </div>
      )}
      <SessionHeader session={session} canControl={canControl} />
      <div className="mt-5 grid gap-4 md:grid-cols-3">
        {STREAMS.map((name) => (
          <StreamCard
            key={name}
            session={session}
            stream={name}
            status={session.streams.find((s) => s.stream === name) ?? null}
            running={running}
            canControl={canControl && session.bindingStatus === "active"}
          />
        ))}
      </div>
      <SyncLog sessionId={session.id} initial={initialLogs} />
    </>
  );
}
