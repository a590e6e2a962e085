import { BanIcon, CornerDownRightIcon } from "lucide-react";
import Link from "next/link";
import { FailureClassBadge } from "@/components/failures/failure-class-badge";
import { IdChip } from "@/components/id-chip";
import { shortId } from "@/components/short-id";
import { Card } from "@/components/ui/card";
import { SessionProgress } from "@/components/session-progress";
import { SessionStatusBadge } from "@/components/status-badge";
import { Elapsed, RelativeTime } from "@/components/time";
import type { SessionDetail } from "@/components/data/types";
import { categoryLabel, CategoryLabel, CreatedBy, SyncTypeLabel, SystemActor } from "../labels";
import { SessionNotes } from "./session-notes";

export function SessionSummary({
  session,
  actions,
  canEdit = false,
}: {
  session: SessionDetail;
  actions?: React.ReactNode;
  canEdit?: boolean;
}) {
  const items = session.records.reduce(
    (t, r) => ({
      synced: t.synced + r.itemsSynced,
      created: t.created + r.itemsCreated,
      updated: t.updated + r.itemsUpdated,
      deleted: t.deleted + r.itemsDeleted,
    }),
    { synced: 0, created: 0, updated: 0, deleted: 0 },
  );
  const ended = session.completedAt ?? session.cancelledAt;
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex items-center gap-2.5">
            <h1 className="text-xl font-semibold tracking-tight">{categoryLabel(session.syncCategory)} sync</h1>
            <SessionStatusBadge session={session} testId="session-status" />
            <FailureClassBadge failureClass={session.failureClass} />
          </div>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
            <IdChip id={session.id} full />
            {session.retryOf && (
              <Link
                href={`/sessions/${session.retryOf}`}
                className="inline-flex items-center gap-1 font-medium text-foreground underline-offset-2 hover:underline"
              >
                <CornerDownRightIcon className="size-3.5 text-muted-foreground" />
                Retry of{" "}
                <span className="font-mono font-normal" title={session.retryOf}>
                  …{shortId(session.retryOf)}
                </span>
              </Link>
            )}
          </p>
        </div>
        <div className="flex w-full max-w-xs flex-col items-stretch gap-3 sm:items-end">
          <div className="flex flex-wrap justify-end gap-2 empty:hidden">{actions}</div>
          <SessionProgress session={session} className="w-full" />
        </div>
      </div>
      {session.status === "cancelled" && (
        <p
          data-testid="cancelled-by"
          className="mt-4 flex flex-wrap items-center gap-1.5 rounded-md border bg-muted px-3 py-2 text-[13px] text-muted-foreground"
        >
          <BanIcon className="size-4 shrink-0" />
          Cancelled by{" "}
          <span className="font-medium text-foreground">
            <CancelledBy session={session} />
          </span>{" "}
          <RelativeTime date={session.cancelledAt} />
        </p>
      )}
      <SessionNotes session={session} canEdit={canEdit} />
      <dl className="mt-5 grid grid-cols-2 gap-x-6 gap-y-4 border-t pt-4 text-[13px] sm:grid-cols-4 lg:grid-cols-7">
        <Field label="Category">
          <CategoryLabel category={session.syncCategory} />
        </Field>
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
          <RelativeTime date={ended} />
        </Field>
        <Field label="Duration">
          <span className="tabular-nums">
            <Elapsed from={session.startedAt} to={ended} live={session.status === "running"} />
          </span>
        </Field>
        <Field label="Instances" wrap>
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

/** A user by name; otherwise the API token or "scheduler" recorded at cancel time. */
function CancelledBy({ session }: { session: Pick<SessionDetail, "cancelledByName" | "cancelledByLabel" | "syncType"> }) {
  if (session.cancelledByName) return <>{session.cancelledByName}</>;
  if (session.cancelledByLabel) return <SystemActor>{session.cancelledByLabel}</SystemActor>;
  // Cancelled before the label was recorded: only a scheduled run is known to be the scheduler's.
  return <SystemActor>{session.syncType === "scheduled" ? "scheduler" : "an API token or the system"}</SystemActor>;
}

function Field({ label, wrap = false, children }: { label: string; wrap?: boolean; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={`mt-0.5 font-medium ${wrap ? "" : "truncate"}`}>{children}</dd>
    </div>
  );
}
