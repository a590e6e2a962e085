"use client";

import { useQuery } from "@tanstack/react-query";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { PageHeader } from "@/components/page-header";
import {
  failuresQuery,
  healthQuery,
  instancesQuery,
  runningSessionsQuery,
  schedulesQuery,
  statisticsQuery,
} from "@/components/data/queries";
import type { Health, InstanceItem, ScheduleItem, SessionItem, SessionPage, Statistics } from "@/components/data/types";
import { FailureClassesCard } from "./failure-classes-card";
import { FailuresCard } from "./failures-card";
import { HealthCard } from "./health-card";
import { RunningCard } from "./running-card";
import { SchedulesCard } from "./schedules-card";
import { StatCards } from "./stat-cards";

type Initial = {
  running: SessionPage;
  failures: SessionItem[];
  instances: { items: InstanceItem[] };
  health: Health;
  schedules: { items: ScheduleItem[] };
  stats24h: Statistics;
};

export function OverviewClient({ initial }: { initial: Initial }) {
  const refetchInterval = useLiveRefetchInterval();
  const running = useQuery({ ...runningSessionsQuery(), initialData: initial.running, refetchInterval });
  const failures = useQuery({ ...failuresQuery(), initialData: initial.failures, refetchInterval });
  const instances = useQuery({ ...instancesQuery(), initialData: initial.instances, refetchInterval });
  const health = useQuery({ ...healthQuery(), initialData: initial.health });
  const schedules = useQuery({ ...schedulesQuery(), initialData: initial.schedules });
  const stats24h = useQuery({ ...statisticsQuery("24h", null), initialData: initial.stats24h, refetchInterval });

  return (
    <>
      <PageHeader title="Overview" description="What is syncing now, what failed recently, and how the engine is doing." />
      <StatCards running={running.data.items} failures={failures.data} instances={instances.data.items} health={health.data} />
      <div className="mt-5 grid gap-5 lg:grid-cols-3">
        <div className="flex flex-col gap-5 lg:col-span-2">
          <RunningCard sessions={running.data.items} />
          <FailuresCard sessions={failures.data} />
          <FailureClassesCard items={stats24h.data.failureClasses} />
        </div>
        <div className="flex flex-col gap-5">
          <HealthCard health={health.data} healthError={health.error} />
          <SchedulesCard schedules={schedules.data.items} />
        </div>
      </div>
    </>
  );
}
