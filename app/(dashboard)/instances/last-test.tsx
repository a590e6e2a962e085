import { CheckCircle2Icon, XCircleIcon } from "lucide-react";
import { RelativeTime } from "@/components/time";
import type { InstanceItem } from "@/components/data/types";

export function LastTest({ instance }: { instance: InstanceItem }) {
  if (!instance.lastTestAt || instance.lastTestOk === null) return <span className="text-xs text-muted-foreground">Never tested</span>;
  const ok = instance.lastTestOk;
  return (
    <div className="flex min-w-0 items-start gap-1.5 text-xs" data-testid="last-test" data-ok={ok}>
      {ok ? (
        <CheckCircle2Icon className="mt-px size-3.5 shrink-0 text-emerald-600" />
      ) : (
        <XCircleIcon className="mt-px size-3.5 shrink-0 text-red-600" />
      )}
      <div className="min-w-0">
        <span className={ok ? "font-medium text-emerald-700" : "font-medium text-red-700"}>{ok ? "ok" : "failed"}</span>
        <span className="text-muted-foreground"> · </span>
        <RelativeTime date={instance.lastTestAt} className="text-muted-foreground" />
        {instance.lastTestMessage && (
          <p className="truncate text-muted-foreground" title={instance.lastTestMessage}>
            {instance.lastTestMessage}
          </p>
        )}
      </div>
    </div>
  );
}
