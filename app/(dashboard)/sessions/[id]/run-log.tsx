"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { QueryError } from "@/components/query-error";
import { RelativeTime, formatDuration } from "@/components/time";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { fetchJson } from "@/components/data/fetch-json";
import type { SessionDetail, Wire } from "@/components/data/types";
import type { SessionLogEntry, SessionStats } from "@/lib/sync-sessions/logs-stats";

type Story = SessionDetail & { logs: Wire<SessionLogEntry>[]; stats: Wire<SessionStats> };

export const sessionStoryQuery = (id: string) =>
  queryOptions({
    queryKey: ["session", id, "story"],
    queryFn: () => fetchJson<Story>(`/api/v1/sessions/${encodeURIComponent(id)}?include=logs,stats`),
  });

const FIRST = 30;

/** The run's statistics and its log (records started and ended, audit entries), as the API's include=logs,stats gives them. */
export function RunLogAndStats({ sessionId }: { sessionId: string }) {
  const { data, error, isPending } = useQuery({ ...sessionStoryQuery(sessionId), refetchInterval: useLiveRefetchInterval() });
  const [all, setAll] = useState(false);
  const logs = data?.logs ?? [];
  const shown = all ? logs : logs.slice(-FIRST);
  return (
    <div className="mt-5 grid gap-5 lg:grid-cols-[minmax(0,20rem)_1fr]">
      <Card className="overflow-hidden" data-testid="run-stats">
        <CardHeader>
          <CardTitle>Statistics</CardTitle>
        </CardHeader>
        <QueryError error={error} />
        {isPending ? (
          <p className="px-4 py-3 text-[13px] text-muted-foreground">Loading…</p>
        ) : data ? (
          <dl className="grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-3 text-[13px]">
            <Stat label="Records">
              {data.stats.records.total} · {data.stats.records.completed} ok
              {data.stats.records.failed > 0 && <span className="text-red-600"> · {data.stats.records.failed} failed</span>}
            </Stat>
            <Stat label="Items synced">{data.stats.items.synced}</Stat>
            <Stat label="Created / updated / deleted">
              {data.stats.items.created} / {data.stats.items.updated} / {data.stats.items.deleted}
            </Stat>
            <Stat label="Invalid items skipped">{data.stats.items.invalid}</Stat>
            <Stat label="Record duration p50">{formatDuration(data.stats.durations.p50Ms)}</Stat>
            <Stat label="Record duration p95">{formatDuration(data.stats.durations.p95Ms)}</Stat>
            <Stat label="Slowest record">{formatDuration(data.stats.durations.maxMs)}</Stat>
            <Stat label="Failures by class">
              {Object.entries(data.stats.failureClasses).length === 0
                ? "none"
                : Object.entries(data.stats.failureClasses)
                    .map(([c, n]) => `${c} ${n}`)
                    .join(" · ")}
            </Stat>
          </dl>
        ) : null}
      </Card>
      <Card className="overflow-hidden" data-testid="run-log">
        <CardHeader>
          <CardTitle>Log</CardTitle>
          <span className="text-xs text-muted-foreground tabular-nums">
            {logs.length} entr{logs.length === 1 ? "y" : "ies"}
          </span>
        </CardHeader>
        {logs.length > shown.length && (
          <div className="border-b px-4 py-1.5 text-xs text-muted-foreground">
            Showing the last {shown.length}.{" "}
            <Button variant="link" size="xs" className="h-auto px-0" onClick={() => setAll(true)}>
              Show all {logs.length}
            </Button>
          </div>
        )}
        <ol className="max-h-96 divide-y overflow-y-auto text-xs">
          {shown.map((e, i) => (
            <li key={`${e.at}-${i}`} className="flex gap-3 px-4 py-1.5" data-testid="run-log-entry" data-event={e.event}>
              <span className="w-20 shrink-0 text-muted-foreground tabular-nums">
                <RelativeTime date={e.at} />
              </span>
              <LogLine entry={e} />
            </li>
          ))}
          {!isPending && logs.length === 0 && <li className="px-4 py-3 text-muted-foreground">Nothing logged yet.</li>}
        </ol>
      </Card>
    </div>
  );
}

function LogLine({ entry: e }: { entry: Wire<SessionLogEntry> }) {
  if (e.source === "audit") {
    return (
      <span className="min-w-0">
        <code className="rounded bg-muted px-1 font-mono">{e.event}</code> by {e.actorLabel}
      </span>
    );
  }
  const tone = e.event === "failed" ? "text-red-600" : e.event === "completed" ? "text-emerald-700" : "text-muted-foreground";
  return (
    <span className="min-w-0">
      <span className="font-medium">{e.instanceName}</span> <span className={tone}>{e.event}</span>
      {e.attempt > 1 && <span className="text-muted-foreground"> (attempt {e.attempt})</span>}
      {e.durationMs !== null && <span className="text-muted-foreground"> · {formatDuration(e.durationMs)}</span>}
      {e.itemsSynced !== null && e.event !== "started" && <span className="text-muted-foreground"> · {e.itemsSynced} items</span>}
      {e.failureClass && <span className="text-muted-foreground"> · {e.failureClass}</span>}
      {e.message && <span className="block break-words text-red-600">{e.message}</span>}
    </span>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 font-medium tabular-nums">{children}</dd>
    </div>
  );
}
