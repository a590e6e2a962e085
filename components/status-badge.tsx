import { Badge } from "@/components/ui/badge";
import type { InstanceRecordItem, SessionItem } from "@/components/data/types";

type Tone = "neutral" | "blue" | "green" | "amber" | "red";

const TONES: Record<string, Tone> = {
  running: "blue",
  pending: "neutral",
  completed: "green",
  partial: "amber",
  failed: "red",
  cancelled: "neutral",
};

/** "partial" is a completed run with at least one failed instance. */
export function sessionDisplayStatus(s: Pick<SessionItem, "status" | "failedInstances">) {
  return s.status === "completed" && s.failedInstances > 0 ? "partial" : s.status;
}

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const tone = TONES[status] ?? "neutral";
  const dot = {
    blue: "bg-blue-500 animate-pulse-dot",
    green: "bg-emerald-500",
    amber: "bg-amber-500",
    red: "bg-red-500",
    neutral: status === "pending" ? "bg-zinc-300" : "bg-zinc-400",
  }[tone];
  return (
    <Badge tone={tone} data-testid={testId}>
      <span aria-hidden className={`size-1.5 rounded-full ${dot}`} />
      {status}
    </Badge>
  );
}

export function SessionStatusBadge({ session, testId }: { session: Pick<SessionItem, "status" | "failedInstances">; testId?: string }) {
  return <StatusBadge status={sessionDisplayStatus(session)} testId={testId} />;
}

export function RecordStatusBadge({ record }: { record: Pick<InstanceRecordItem, "status"> }) {
  return <StatusBadge status={record.status} />;
}
