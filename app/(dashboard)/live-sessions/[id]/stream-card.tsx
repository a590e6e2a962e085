import { RelativeTime } from "@/components/time";
import { Card } from "@/components/ui/card";
import { formatRate, STREAM_LABEL } from "@/components/live-sync/format";
import { StreamDot, streamHealth } from "@/components/live-sync/stream-dot";
import type { LiveSessionDetail, Stream } from "@/components/live-sync/types";
import { IntervalEditor } from "./interval-editor";

type Props = {
  session: LiveSessionDetail;
  stream: Stream;
  status: LiveSessionDetail["streams"][number] | null;
  running: boolean;
  canControl: boolean;
};

export function StreamCard({ session, stream, status, running, canControl }: Props) {
  return (
    <Card className="flex flex-col" data-testid={`stream-card-${stream}`}>
      <div className="flex items-center justify-between gap-3 border-b px-4 py-3">
        <h2 className="flex items-center gap-2 text-sm font-semibold tracking-tight">
          <StreamDot health={status ? streamHealth(status, running) : "idle"} className="size-2" />
          {STREAM_LABEL[stream]}
        </h2>
        <IntervalEditor session={session} stream={stream} canControl={canControl} />
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-3.5 text-[13px]">
        <Field label="Records total">
          <span data-testid={`records-total-${stream}`} className="text-lg font-semibold tracking-tight tabular-nums">
            {status?.recordsTotal ?? 0}
          </span>
        </Field>
        <Field label="Records / min">
          <span
            data-testid={`records-per-minute-${stream}`}
            className="text-lg font-semibold tracking-tight tabular-nums"
            title="Average over the last five minutes"
          >
            {formatRate(status?.recordsPerMinute ?? 0)}
          </span>
        </Field>
        <Field label="Last tick">
          <RelativeTime date={status?.lastTickAt} />
        </Field>
        <Field label="Last success">
          <RelativeTime date={status?.lastSuccessAt} />
        </Field>
      </dl>
      <div className="mt-auto border-t px-4 py-2.5 text-xs">
        {status?.lastError ? (
          <p data-testid={`stream-error-${stream}`} className="line-clamp-2 break-words text-red-600" title={status.lastError}>
            {status.lastError}
          </p>
        ) : (
          <p className="text-muted-foreground">No error on the last tick</p>
        )}
      </div>
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
