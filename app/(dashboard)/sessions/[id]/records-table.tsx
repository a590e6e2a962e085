import { ServerIcon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { FailureSummary } from "@/components/failures/failure-summary";
import { RecordStatusBadge } from "@/components/status-badge";
import { Elapsed, RelativeTime, formatDuration } from "@/components/time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { InstanceRecordItem } from "@/components/data/types";
import { RecordChangesButton } from "./changes";
import { InvalidItems } from "./invalid-items";
import { ResyncButton } from "./resync-button";
import { FINISHED_RECORD_STATUSES } from "@/lib/domain/values";

const COUNTS = [
  ["items-synced", "Synced", "itemsSynced"],
  ["items-created", "Created", "itemsCreated"],
  ["items-updated", "Updated", "itemsUpdated"],
  ["items-deleted", "Deleted", "itemsDeleted"],
] as const;

const FINISHED = new Set<string>(FINISHED_RECORD_STATUSES);

function timingsTitle(r: InstanceRecordItem) {
  const t = r.details?.timings;
  if (!t) return undefined;
  return Object.entries(t)
    .map(([k, v]) => `${k.replace(/Ms$/, "")}: ${formatDuration(v)}`)
    .join(" · ");
}

type Props = { records: InstanceRecordItem[]; canResync: boolean; sessionId: string };

export function RecordsTable({ records, canResync, sessionId }: Props) {
  if (records.length === 0) return <EmptyState icon={ServerIcon} title="No instances in this run" />;
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Instance</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          {COUNTS.map(([id, label]) => (
            <TableHead key={id} className="px-2 text-right">
              {label}
            </TableHead>
          ))}
          <TableHead className="px-2 text-right">Attempt</TableHead>
          <TableHead>Changes</TableHead>
          <TableHead className="min-w-64">Errors</TableHead>
          {canResync && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {records.map((r) => {
          const invalid = r.details?.invalidItems ?? [];
          return (
            <TableRow
              key={r.id}
              data-testid="instance-record"
              data-instance-name={r.instanceName}
              data-status={r.status}
              className="[&>td]:align-top"
            >
              <TableCell>
                <div className="font-medium">{r.instanceName}</div>
                <div className="max-w-44 truncate font-mono text-xs text-muted-foreground" title={r.endpoint}>
                  {r.endpoint}
                </div>
              </TableCell>
              <TableCell>
                <RecordStatusBadge record={r} />
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums" title={timingsTitle(r)}>
                <div>
                  {r.durationMs !== null ? (
                    formatDuration(r.durationMs)
                  ) : (
                    <Elapsed from={r.startedAt} to={r.completedAt} live={r.status === "running"} />
                  )}
                </div>
                {r.startedAt && (
                  <div className="text-xs text-muted-foreground">
                    started <RelativeTime date={r.startedAt} />
                  </div>
                )}
              </TableCell>
              {COUNTS.map(([id, , key]) => (
                <TableCell
                  key={id}
                  data-testid={id}
                  className={`px-2 text-right tabular-nums ${r[key] === 0 ? "text-muted-foreground" : ""}`}
                >
                  {r[key]}
                </TableCell>
              ))}
              <TableCell className="px-2 text-right tabular-nums text-muted-foreground">{r.attempt}</TableCell>
              <TableCell>
                {r.status === "pending" ? (
                  <span className="text-muted-foreground">—</span>
                ) : (
                  <RecordChangesButton record={r} sessionId={sessionId} />
                )}
              </TableCell>
              <TableCell className="max-w-sm text-xs">
                {r.errorMessage && (
                  <div data-testid="record-error">
                    <FailureSummary
                      failureClass={r.failureClass}
                      message={r.errorMessage}
                      // Skipped items are listed below; their raw detail would repeat them.
                      detail={r.status === "failed" ? r.errorDetail : null}
                      tone={r.status === "failed" ? "red" : "amber"}
                    />
                  </div>
                )}
                {invalid.length > 0 && <InvalidItems items={invalid} />}
                {!r.errorMessage && invalid.length === 0 && <span className="text-muted-foreground">—</span>}
              </TableCell>
              {canResync && <TableCell className="text-right">{FINISHED.has(r.status) && <ResyncButton record={r} />}</TableCell>}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
