import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchJson, searchParams } from "./fetch-json";
import { recentFailures } from "./failures";
import type { AuditPage, Health, InstanceItem, SessionDetail, SessionPage, SessionStatus } from "./types";

export const SESSIONS_PAGE_SIZE = 50;

export const sessionsQuery = (status: SessionStatus | null) =>
  infiniteQueryOptions({
    queryKey: ["sessions", "list", status ?? "all"],
    queryFn: ({ pageParam }) =>
      fetchJson<SessionPage>(`/api/v1/sessions${searchParams({ status, limit: SESSIONS_PAGE_SIZE, cursor: pageParam })}`),
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
      const [failed, completed] = await Promise.all([
        fetchJson<SessionPage>(`/api/v1/sessions?status=failed&limit=10`),
        fetchJson<SessionPage>(`/api/v1/sessions?status=completed&limit=100`),
      ]);
      return recentFailures(failed.items, completed.items);
    },
  });

export const sessionQuery = (id: string) =>
  queryOptions({ queryKey: ["session", id], queryFn: () => fetchJson<SessionDetail>(`/api/v1/sessions/${encodeURIComponent(id)}`) });

export const instancesQuery = () =>
  queryOptions({ queryKey: ["instances"], queryFn: () => fetchJson<{ items: InstanceItem[] }>(`/api/v1/instances`) });

export const auditQuery = () =>
  infiniteQueryOptions({
    queryKey: ["audit"],
    queryFn: ({ pageParam }) => fetchJson<AuditPage>(`/api/v1/audit${searchParams({ limit: 100, before: pageParam })}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });

export const healthQuery = () =>
  queryOptions({ queryKey: ["health"], queryFn: () => fetchJson<Health>(`/api/health`, { allowStatus: [503] }), refetchInterval: 10_000 });
