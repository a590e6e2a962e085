import { ActivityIcon, AlertTriangleIcon, HourglassIcon, ServerIcon, type LucideIcon } from "lucide-react";
import { Card } from "@/components/ui/card";
import type { Health, InstanceItem, SessionItem } from "@/components/data/types";

type Props = { running: SessionItem[]; failures: SessionItem[]; instances: InstanceItem[]; health: Health };

export function StatCards({ running, failures, instances, health }: Props) {
  const enabled = instances.filter((i) => i.enabled).length;
  const pending = "pendingRuns" in health.engine ? health.engine.pendingRuns : null;
  const toSync = running.reduce((n, s) => n + s.totalInstances - s.successfulInstances - s.failedInstances, 0);
  const failedInstances = failures.reduce((n, f) => n + f.failedInstances, 0);
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Stat icon={ActivityIcon} label="Running now" value={running.length} hint={`${toSync} instance${toSync === 1 ? "" : "s"} still to sync`} testId="stat-running" />
      <Stat icon={AlertTriangleIcon} label="Recent failures" value={failures.length} hint={`${failedInstances} failed instance${failedInstances === 1 ? "" : "s"}`} tone={failures.length > 0 ? "red" : undefined} testId="stat-failures" />
      <Stat icon={ServerIcon} label="Instances enabled" value={enabled} hint={`of ${instances.length} configured`} testId="stat-instances" />
      <Stat icon={HourglassIcon} label="Pending runs" value={pending ?? "—"} hint={"lagSeconds" in health.engine ? `queue lag ${health.engine.lagSeconds}s` : "engine unknown"} testId="stat-pending" />
    </div>
  );
}

type StatProps = { icon: LucideIcon; label: string; value: number | string; hint: string; tone?: "red"; testId: string };

function Stat({ icon: Icon, label, value, hint, tone, testId }: StatProps) {
  return (
    <Card className="px-4 py-3.5" data-testid={testId}>
      <div className="flex items-center justify-between text-xs font-medium text-muted-foreground">
        {label}
        <Icon className="size-4" />
      </div>
      <p className={`mt-1.5 text-2xl font-semibold tracking-tight tabular-nums ${tone === "red" ? "text-red-600" : ""}`}>{value}</p>
      <p className="mt-0.5 text-xs text-muted-foreground">{hint}
      </p>
    </Card>
  );
}
