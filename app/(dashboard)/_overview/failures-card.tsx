import { CheckCircle2Icon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { FailureClassBadge } from "@/components/failures/failure-class-badge";
import { SessionStatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import type { SessionItem } from "@/components/data/types";
import { CategoryLabel, SyncTypePill } from "../sessions/labels";

export function FailuresCard({ sessions }: { sessions: SessionItem[] }) {
  return (
    <Card data-testid="recent-failures">
      <CardHeader>
        <CardTitle>Recent failures</CardTitle>
        <div className="flex items-center gap-3 text-xs text-muted-foreground">
          <Link href="/sessions?status=partial" className="hover:text-foreground">
            Partial
          </Link>
          <Link href="/sessions?status=failed" className="hover:text-foreground">
            Failed
          </Link>
        </div>
      </CardHeader>
      {sessions.length === 0 ? (
        <EmptyState icon={CheckCircle2Icon} title="No recent failures">
          Failed runs and runs with failed instances show up here.
        </EmptyState>
      ) : (
        <ul className="divide-y">
          {sessions.map((s) => (
            <li key={s.id}>
              <Link
                href={`/sessions/${s.id}`}
                prefetch={false}
                data-testid="failure-link"
                className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-[13px] transition-colors hover:bg-muted/50"
              >
                <SessionStatusBadge session={s} />
                <FailureClassBadge failureClass={s.failureClass} />
                <CategoryLabel category={s.syncCategory} />
                <SyncTypePill type={s.syncType} />
                <span className="tabular-nums text-red-600">
                  {s.status === "failed" && s.failedInstances === 0
                    ? "run failed"
                    : `${s.failedInstances} of ${s.totalInstances} instances failed`}
                </span>
                <RelativeTime date={s.startedAt} className="ml-auto text-xs text-muted-foreground" />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
