import { ActivityIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { SessionProgress } from "@/components/session-progress";
import { StatusBadge } from "@/components/status-badge";
import { Elapsed } from "@/components/time";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import type { SessionItem } from "@/components/data/types";
import { CategoryLabel, CreatedBy, SyncTypePill } from "../sessions/labels";

export function RunningCard({ sessions }: { sessions: SessionItem[] }) {
  return (
    <Card data-testid="running-now">
      <CardHeader>
        <CardTitle>Running now</CardTitle>
        <Link href="/sessions?status=running" className="text-xs text-muted-foreground hover:text-foreground">
          View all
        </Link>
      </CardHeader>
      {sessions.length === 0 ? (
        <EmptyState icon={ActivityIcon} title="Nothing is running">
          New runs show up here the moment they start.
        </EmptyState>
      ) : (
        <ul className="divide-y">
          {sessions.map((s) => (
            <li key={s.id}>
              <Link
                href={`/sessions/${s.id}`}
                prefetch={false}
                className="grid gap-2 px-4 py-3 transition-colors hover:bg-muted/50 sm:grid-cols-[1fr_16rem] sm:items-center"
              >
                <div className="flex min-w-0 items-center gap-2.5 text-[13px]">
                  <StatusBadge status="running" />
                  <CategoryLabel category={s.syncCategory} />
                  <SyncTypePill type={s.syncType} />
                  <span className="truncate text-muted-foreground">
                    by <CreatedBy session={s} /> · <Elapsed from={s.startedAt} to={null} live />
                  </span>
                </div>
                <SessionProgress session={s} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
