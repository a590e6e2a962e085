"use client";

import { useQuery } from "@tanstack/react-query";
import { CalendarClockIcon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { lastScheduledQuery, schedulesQuery, type LastScheduled } from "@/components/data/queries";
import type { ScheduleItem } from "@/components/data/types";
import { ScheduleRow } from "./schedule-row";

type Props = { initialSchedules: ScheduleItem[]; initialLastRuns: LastScheduled; canWrite: boolean };

export function SchedulesClient({ initialSchedules, initialLastRuns, canWrite }: Props) {
  const refetchInterval = useLiveRefetchInterval();
  const schedules = useQuery({ ...schedulesQuery(), initialData: { items: initialSchedules } });
  const lastRuns = useQuery({ ...lastScheduledQuery(), initialData: initialLastRuns, refetchInterval });
  const items = schedules.data.items;

  return (
    <>
      <PageHeader
        title="Schedules"
        description={
          canWrite
            ? "When each category syncs on its own. Times are the server's; changes apply within a minute."
            : "When each category syncs on its own. Only a super admin can change a schedule."
        }
      />
      <Card className="overflow-hidden">
        <QueryError error={schedules.error ?? lastRuns.error} />
        {items.length === 0 ? (
          <EmptyState icon={CalendarClockIcon} title="No schedules">
            Schedules are created when Syncdeck starts.
          </EmptyState>
        ) : (
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="w-32">Category</TableHead>
                <TableHead>Cron (UTC)</TableHead>
                <TableHead>Enabled</TableHead>
                <TableHead>Next run</TableHead>
                <TableHead>Last fired</TableHead>
                <TableHead>Last scheduled run</TableHead>
                {canWrite && (
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((s) => (
                // Keyed on updatedAt: a saved row starts again from the server's values.
                <ScheduleRow
                  key={`${s.category}-${new Date(s.updatedAt).getTime()}`}
                  schedule={s}
                  lastRun={lastRuns.data[s.category as keyof LastScheduled] ?? null}
                  canWrite={canWrite}
                />
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <p className="mt-3 text-xs text-muted-foreground">
        Five fields: minute, hour, day of month, month, day of week — e.g. <code className="font-mono">0 * * * *</code> hourly,{" "}
        <code className="font-mono">30 2 * * *</code> daily at 02:30, <code className="font-mono">*/15 * * * *</code> every 15 minutes.
      </p>
    </>
  );
}
