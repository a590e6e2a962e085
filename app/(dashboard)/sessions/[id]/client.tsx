"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeftIcon } from "lucide-react";
import Link from "next/link";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { QueryError } from "@/components/query-error";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { sessionQuery } from "@/components/data/queries";
import type { SessionDetail } from "@/components/data/types";
import { RecordsTable } from "./records-table";
import { SessionSummary } from "./session-summary";

export function SessionDetailClient({ initialSession }: { initialSession: SessionDetail }) {
  const { data: session, error } = useQuery({
    ...sessionQuery(initialSession.id),
    initialData: initialSession,
    refetchInterval: useLiveRefetchInterval(),
  });

  return (
    <>
      <Link href="/sessions" className="mb-3 inline-flex items-center gap-1 text-[13px] text-muted-foreground hover:text-foreground">
        <ChevronLeftIcon className="size-4" />
        Sync sessions
      </Link>
      <SessionSummary session={session} />
      <Card className="mt-5 overflow-hidden">
        <CardHeader>
          <CardTitle>Instance records</CardTitle>
          <span className="text-xs tabular-nums text-muted-foreground">{session.records.length} instances</span>
        </CardHeader>
        <QueryError error={error} />
        <RecordsTable records={session.records} />
      </Card>
    </>
  );
}
