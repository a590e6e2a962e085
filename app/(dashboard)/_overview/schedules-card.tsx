import Link from "next/link";
import { RelativeTime } from "@/components/time";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import type { ScheduleItem } from "@/components/data/types";
import { categoryLabel } from "../sessions/labels";

export function SchedulesCard({ schedules }: { schedules: ScheduleItem[] }) {
  return (
    <Card data-testid="schedules-summary" className="h-fit">
      <CardHeader>
        <CardTitle>Next scheduled runs</CardTitle>
        <Link href="/schedules" className="text-xs text-muted-foreground hover:text-foreground">
          Schedules
        </Link>
      </CardHeader>
      {schedules.length === 0 ? (
        <p className="px-4 py-6 text-center text-[13px] text-muted-foreground">No schedules configured.</p>
      ) : (
        <ul className="divide-y text-[13px]">
          {schedules.map((s) => (
            <li key={s.category} className="flex items-center justify-between gap-3 px-4 py-2.5">
              <div className="min-w-0">
                <p className="font-medium">{categoryLabel(s.category)}</p>
                <code className="font-mono text-xs text-muted-foreground">{s.cron}</code>
              </div>
              {s.enabled && s.nextRunAt ? (
                <RelativeTime date={s.nextRunAt} className="tabular-nums" />
              ) : (
                <span className="text-muted-foreground">paused</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
