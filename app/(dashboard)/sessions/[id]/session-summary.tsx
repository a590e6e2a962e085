import { Card } from "@/components/ui/card";
import { SessionProgress } from "@/components/session-progress";
import { SessionStatusBadge } from "@/components/status-badge";
import { Elapsed, RelativeTime } from "@/components/time";
import type { SessionDetail } from "@/components/data/types";
import { categoryLabel, CreatedBy, SyncTypeLabel } from "../labels";

export function SessionSummary({ session }: { session: SessionDetail }) {
  const items = session.records.reduce(
    (t, r) => ({ synced: t.synced + r.itemsSynced, created: t.created + r.itemsCreated, updated: t.updated + r.itemsUpdated, deleted: t.deleted + r.itemsDeleted }),
    { synced: 0, created: 0, updated: 0, deleted: 0 },
  );
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex items-center gap-2.5">
            <h1 className="text-xl font-semibold tracking-tight">{categoryLabel(session.syncCategory)} sync</h1>
            <SessionStatusBadge session={session} testId="session-status" />
          </div>
          <p className="mt-1 font-mono text-xs text-muted-foreground">{session.id}</p>
        </div>
        <div className="w-full max-w-xs">
          <SessionProgress session={session} />
        </div>
      </div>
      <dl className="mt-5 grid grid-cols-2 gap-x-6 gap-y-4 border-t pt-4 text-[13px] sm:grid-cols-3 lg:grid-cols-6">
        <Field label="Type">
          <SyncTypeLabel type={session.syncType} />
        </Field>
        <Field label="Created by">
          <CreatedBy session={session} />
        </Field>
        <Field label="Started">
          <RelativeTime date={session.startedAt} />
        </Field>
        <Field label={session.status === "cancelled" ? "Cancelled" : "Completed"}>
          <RelativeTime date={session.completedAt ?? session.cancelledAt} />
        </Field>
        <Field label="Duration">
          <Elapsed from={session.startedAt} to={session.completedAt ?? session.cancelledAt} live={session.status === "running"} />
        </Field>
        <Field label="Instances">
          <span className="tabular-nums">
            {session.totalInstances} total · <span className="text-emerald-700">{session.successfulInstances} ok</span>
            {session.failedInstances > 0 && <span className="text-red-600"> · {session.failedInstances} failed</span>}
          </span>
        </Field>
      </dl>
      <p className="mt-4 text-xs tabular-nums text-muted-foreground">
        Items: {items.synced} synced · {items.created} created · {items.updated} updated · {items.deleted} deleted
      </p>
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
