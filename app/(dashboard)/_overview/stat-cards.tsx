import { ActivityIcon, AlertTriangleIcon, HourglassIcon, ServerIcon } from "lucide-react";
import { StatCard } from "@/components/stat-card";
import type { Health, InstanceItem, SessionItem } from "@/components/data/types";

type Props = { running: SessionItem[]; failures: SessionItem[]; instances: InstanceItem[]; health: Health };

export function StatCards({ running, failures, instances, health }: Props) {
  const enabled = instances.filter((i) => i.enabled).length;
  const pending = "pendingRuns" in health.engine ? health.engine.pendingRuns : null;
  const toSync = running.reduce((n, s) => n + s.totalInstances - s.successfulInstances - s.failedInstances, 0);
  const failedInstances = failures.reduce((n, f) => n + f.failedInstances, 0);
  const scheduled = running.filter((s) => s.syncType === "scheduled").length;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <StatCard
        icon={ActivityIcon}
        label="Running now"
        value={running.length}
        hint={
          running.length > 0 ? `${scheduled} scheduled · ${running.length - scheduled} manual · ${toSync} to sync` : "no run in progress"
        }
        testId="stat-running"
      />
      <StatCard
        icon={AlertTriangleIcon}
        label="Recent failures"
        value={failures.length}
        hint={`${failedInstances} failed instance${failedInstances === 1 ? "" : "s"}`}
        tone={failures.length > 0 ? "red" : undefined}
        testId="stat-failures"
      />
      <StatCard
        icon={ServerIcon}
        label="Instances enabled"
        value={enabled}
        hint={`of ${instances.length} configured`}
        testId="stat-instances"
      />
      <StatCard
        icon={HourglassIcon}
        label="Pending runs"
        value={pending ?? "—"}
        hint={"lagSeconds" in health.engine ? `queue lag ${health.engine.lagSeconds}s` : "engine unknown"}
        testId="stat-pending"
      />
    </div>
  );
}
