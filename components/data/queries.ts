import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchJson, searchParams } from "./fetch-json";
import { recentFailures } from "./failures";
import type {
  AuditPage,
  Health,
  InstanceItem,
  ScheduleItem,
  SessionDetail,
  SessionFilters,
  SessionItem,
  SessionPage,
  Statistics,
  Timeframe,
} from "./types";
import { RUNNABLE_CATEGORIES } from "@/lib/domain/values";

export const SESSIONS_PAGE_SIZE = 50;

export const sessionsQuery = (filters: SessionFilters) =>
  infiniteQueryOptions({
    queryKey: ["sessions", "list", filters],
    queryFn: ({ pageParam }) =>
      fetchJson<SessionPage>(`/api/v1/sessions${searchParams({ ...filters, limit: SESSIONS_PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const runningSessionsQuery = () =>
  queryOptions({
    queryKey: ["sessions", "running"],
    queryFn: () => fetchJson<SessionPage>(`/api/v1/sessions?status=running&limit=50`),
  });

export const failuresQuery = () =>
  queryOptions({
    queryKey: ["sessions", "failures"],
    queryFn: async () => {
      const [failed, partial] = await Promise.all([
        fetchJson<SessionPage>(`/api/v1/sessions?status=failed&limit=10`),
        fetchJson<SessionPage>(`/api/v1/sessions?status=partial&limit=10`),
      ]);
      return recentFailures(failed.items, partial.items);
    },
  });

export const sessionQuery = (id: string) =>
  queryOptions({ queryKey: ["session", id], queryFn: () => fetchJson<SessionDetail>(`/api/v1/sessions/${encodeURIComponent(id)}`) });

export const instancesQuery = () =>
  queryOptions({ queryKey: ["instances"], queryFn: () => fetchJson<{ items: InstanceItem[] }>(`/api/v1/instances`) });

export const AUDIT_PAGE_SIZE = 100;

/** The audit log with the page's filters (`actor`, `action`, `targetType`, `targetId`, `from`, `to`). */
export const auditQuery = (filters: Record<string, string | null> = {}) =>
  infiniteQueryOptions({
    queryKey: ["audit", filters],
    queryFn: ({ pageParam }) =>
      fetchJson<AuditPage>(`/api/v1/audit${searchParams({ ...filters, limit: AUDIT_PAGE_SIZE, before: pageParam })}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });

export const healthQuery = () =>
  queryOptions({ queryKey: ["health"], queryFn: () => fetchJson<Health>(`/api/health`, { allowStatus: [503] }), refetchInterval: 10_000 });

export const statisticsQuery = (timeframe: Timeframe, category: string | null) =>
  queryOptions({
    queryKey: ["statistics", timeframe, category ?? "all"],
    queryFn: () => fetchJson<Statistics>(`/api/v1/statistics${searchParams({ timeframe, category })}`),
  });

export const schedulesQuery = () =>
  queryOptions({
    queryKey: ["schedules"],
    queryFn: () => fetchJson<{ items: ScheduleItem[] }>(`/api/v1/schedules`),
    refetchInterval: 60_000,
  });

export const SCHEDULED_CATEGORIES = RUNNABLE_CATEGORIES;
export type LastScheduled = Record<(typeof SCHEDULED_CATEGORIES)[number], SessionItem | null>;

/** The newest scheduled run of each schedulable category, for the schedules page. */
export const lastScheduledQuery = () =>
  queryOptions({
    queryKey: ["sessions", "last-scheduled"],
    queryFn: async () => {
      const pages = await Promise.all(
        SCHEDULED_CATEGORIES.map((category) =>
          fetchJson<SessionPage>(`/api/v1/sessions${searchParams({ type: "scheduled", category, limit: 1 })}`),
        ),
      );
      return Object.fromEntries(SCHEDULED_CATEGORIES.map((c, i) => [c, pages[i]?.items[0] ?? null])) as LastScheduled;
    },
  });
