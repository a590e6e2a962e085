import { Progress } from "@/components/ui/progress";
import type { SessionItem } from "@/components/data/types";

type Props = { session: Pick<SessionItem, "totalInstances" | "successfulInstances" | "failedInstances">; className?: string };

/** Done instances out of the total, e.g. "3 / 5", with a green/red bar. */
export function SessionProgress({ session, className }: Props) {
  const done = session.successfulInstances + session.failedInstances;
  return (
    <div className={className}>
      <div className="flex items-center gap-2">
        <Progress
          value={done}
          failed={session.failedInstances}
          max={session.totalInstances}
          label="Instances done"
          className="min-w-16 flex-1"
        />
        <span className="shrink-0 text-xs tabular-nums text-muted-foreground" data-testid="session-progress">
          {done} / {session.totalInstances}
        </span>
      </div>
    </div>
  );
}
