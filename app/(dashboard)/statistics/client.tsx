"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ActivityIcon, CheckCircle2Icon, DatabaseIcon, ServerIcon } from "lucide-react";
import { useQueryStates } from "nuqs";
import { cn } from "@/components/cn";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { StatCard } from "@/components/stat-card";
import { Card } from "@/components/ui/card";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { statisticsQuery } from "@/components/data/queries";
import { SYNC_CATEGORIES, type Statistics, type Timeframe } from "@/components/data/types";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { categoryLabel } from "../sessions/labels";
import { fillBuckets } from "./buckets";
import { ChartCard } from "./chart-card";
import { DurationsChart, durationsLegend } from "./durations-chart";
import { FailingInstances } from "./failing-instances";
import { FailureClasses } from "./failure-classes";
import { ItemsChart, itemsLegend } from "./items-chart";
import { RunsChart, runsLegend } from "./runs-chart";
import { statisticsSearchParams } from "./search-params";

const TIMEFRAME_OPTIONS: { value: Timeframe; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];
const WINDOW: Record<Timeframe, string> = { "24h": "the last 24 hours", "7d": "the last 7 days", "30d": "the last 30 days" };

const percent = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(r === 1 ? 0 : 1)}%`);
const rateTone = (r: number | null) => (r === null ? undefined : r >= 0.99 ? "green" : r >= 0.9 ? "amber" : "red");

export function StatisticsClient({ initial }: { initial: Statistics }) {
  const [{ timeframe, category }, setParams] = useQueryStates(statisticsSearchParams);
  const isInitial = timeframe === initial.timeframe && category === initial.category;
  const query = useQuery({
    ...statisticsQuery(timeframe, category),
    initialData: isInitial ? initial : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: useLiveRefetchInterval(),
  });
  const stats = query.data ?? initial;
  const scope = `${category ? `${categoryLabel(category)} runs` : "Runs"} in ${WINDOW[timeframe]}`;

  return (
    <>
      <PageHeader
        title="Statistics"
        description="How sync runs went over time: outcomes, volume, durations and the instances that fail most."
        actions={
          <>
            <Select
              value={category ?? "all"}
              onValueChange={(v) => void setParams({ category: v === "all" ? null : (v as (typeof SYNC_CATEGORIES)[number]) })}
            >
              <SelectTrigger aria-label="Category" size="sm" className="bg-background">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">All categories</SelectItem>
                {SYNC_CATEGORIES.map((c) => (
                  <SelectItem key={c} value={c}>
                    {categoryLabel(c)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <SegmentedControl
              label="Timeframe"
              options={TIMEFRAME_OPTIONS}
              value={timeframe}
              onChange={(t) => void setParams({ timeframe: t })}
              className="bg-background"
            />
          </>
        }
      />
      {query.error && (
        <Card className="mb-5 overflow-hidden">
          <QueryError error={query.error} />
        </Card>
      )}
      <div
        className={cn("transition-opacity", (query.isPlaceholderData || !query.data) && "opacity-60")}
        aria-busy={query.isFetching}
        data-testid="statistics"
      >
        <Overview stats={stats} scope={scope} />
      </div>
    </>
  );
}

function Overview({ stats, scope }: { stats: Statistics; scope: string }) {
  const t = stats.totals;
  const empty =
    t.runs === 0
      ? `No runs in ${WINDOW[stats.timeframe as Timeframe]}${stats.category ? ` for ${categoryLabel(stats.category)}` : ""}.`
      : false;
  const runs = fillBuckets(stats.runsOverTime, stats.bucket, stats.timeframe as Timeframe, {
    completed: 0,
    partial: 0,
    failed: 0,
    cancelled: 0,
    running: 0,
  });
  const items = fillBuckets(stats.itemsOverTime, stats.bucket, stats.timeframe as Timeframe, { synced: 0 });
  const synced = stats.itemsOverTime.reduce((n, r) => n + r.synced, 0);
  const per = stats.bucket === "hour" ? "per hour" : "per day";

  return (
    <>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard icon={ActivityIcon} label="Runs" value={t.runs.toLocaleString()} hint={scope} testId="stat-runs" />
        <StatCard
          icon={CheckCircle2Icon}
          label="Success rate"
          value={percent(t.successRate)}
          hint="finished runs with no failed instance"
          tone={rateTone(t.successRate)}
          testId="stat-success-rate"
        />
        <StatCard
          icon={ServerIcon}
          label="Instance success rate"
          value={percent(t.instanceSuccessRate)}
          hint="instance syncs that succeeded"
          tone={rateTone(t.instanceSuccessRate)}
          testId="stat-instance-success-rate"
        />
        <StatCard
          icon={DatabaseIcon}
          label="Items synced"
          value={synced.toLocaleString()}
          hint="read from upstreams in these runs"
          testId="stat-items"
        />
      </div>
      <div className="mt-5 grid gap-5 lg:grid-cols-2">
        <ChartCard
          title="Runs over time"
          description={`Runs started ${per}, by outcome`}
          legend={runsLegend}
          empty={empty}
          testId="chart-runs"
        >
          <RunsChart data={runs} bucket={stats.bucket} />
        </ChartCard>
        <ChartCard title="Items synced" description={`Upstream items ${per}`} legend={itemsLegend} empty={empty} testId="chart-items">
          <ItemsChart data={items} bucket={stats.bucket} />
        </ChartCard>
      </div>
      <div className="mt-5 grid gap-5 lg:grid-cols-3">
        <ChartCard
          title="Run duration"
          description="p50 and p95 by category, finished runs (estimated from duration buckets)"
          legend={durationsLegend}
          empty={stats.durations.length === 0 ? empty || "No finished runs yet." : false}
          testId="chart-durations"
        >
          <DurationsChart data={stats.durations} />
        </ChartCard>
        <div className="lg:col-span-2">
          <FailingInstances items={stats.topFailingInstances} />
        </div>
      </div>
      <div className="mt-5">
        <FailureClasses items={stats.failureClasses} withTicks={!stats.category} />
      </div>
    </>
  );
}
