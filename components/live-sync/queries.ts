import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchJson, searchParams } from "@/components/data/fetch-json";
import type { BindingItem, BindingStatus, LiveSessionDetail, LiveSessionItem, StoreData, StoreKind, Stream, SyncLogPage } from "./types";

export const SYNC_LOG_PAGE_SIZE = 50;

export type BindingFilters = { q: string | null; status: BindingStatus | null };

export const bindingsQuery = (filters: BindingFilters) =>
  queryOptions({
    queryKey: ["bindings", filters],
    queryFn: () => fetchJson<{ items: BindingItem[] }>(`/api/v1/bindings${searchParams(filters)}`),
  });

/** Unfiltered under `["live-sessions"]` (controls patch that key optimistically); `q` (lib/search) under its own. */
export const liveSessionsQuery = (q: string | null = null, failureClass: string | null = null) =>
  queryOptions({
    queryKey: q || failureClass ? ["live-sessions", { q, failureClass }] : ["live-sessions"],
    queryFn: () => fetchJson<{ items: LiveSessionItem[] }>(`/api/v1/live-sessions${searchParams({ q, failureClass })}`),
  });

export const liveSessionQuery = (id: string) =>
  queryOptions({
    queryKey: ["live-session", id],
    queryFn: () => fetchJson<LiveSessionDetail>(`/api/v1/live-sessions/${encodeURIComponent(id)}`),
  });

export const liveSessionLogsQuery = (id: string, stream: Stream | null) =>
  infiniteQueryOptions({
    queryKey: ["live-session-logs", id, stream ?? "all"],
    queryFn: ({ pageParam }) =>
      fetchJson<SyncLogPage>(
        `/api/v1/live-sessions/${encodeURIComponent(id)}/logs${searchParams({ stream, before: pageParam, limit: SYNC_LOG_PAGE_SIZE })}`,
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });

export const storeDataQuery = (storeId: string, kind: StoreKind) =>
  queryOptions({
    queryKey: ["store-data", storeId, kind],
    queryFn: () => fetchJson<StoreData>(`/api/v1/stores/${encodeURIComponent(storeId)}/data${searchParams({ kind })}`),
  });
