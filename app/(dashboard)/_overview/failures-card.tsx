import { CheckCircle2Icon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { SessionStatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import type { SessionItem } from "@/components/data/types";
import { CategoryLabel } from "../sessions/labels";

export function FailuresCard({ sessions }: { sessions: SessionItem[] }) {
  return (
    <Card data-testid="recent-failures">
      <CardHeader>
        <CardTitle>Recent failures</CardTitle>
        <Link href="/sessions?status=failed" className="text-xs text-muted-foreground hover:text-foreground">
          View failed
        </Link>
      </CardHeader>
      {sessions.length === 0 ? (
        <EmptyState icon={CheckCircle2Icon} title="No recent failures">
          Failed runs and runs with failed instances show up here.
        </EmptyState>
      ) : (
        <ul className="divide-y">
          {sessions.map((s) => (
            <li key={s.id}>
              <Link href={`/sessions/${s.id}`} prefetch={false} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-[13px] transition-colors hover:bg-muted/50">
                <SessionStatusBadge session={s} />
                <CategoryLabel category={s.syncCategory} />
                <span className="tabular-nums text-red-600">
                  {s.failedInstances} of {s.totalInstances} instances failed
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
