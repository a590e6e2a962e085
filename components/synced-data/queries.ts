import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchJson, searchParams } from "@/components/data/fetch-json";
import type {
  AccountDetail,
  AccountFilters,
  AccountPage,
  Capacity,
  ChangesPage,
  InstanceAccountPage,
  InstanceRunsPage,
  SettingsPage,
} from "./types";

export const SYNCED_PAGE_SIZE = 100;

const str = (v: boolean | null) => (v === null ? null : String(v));
const paged = <T extends { nextCursor: string | null }>(key: unknown[], url: (cursor: string | null) => string) =>
  infiniteQueryOptions({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchJson<T>(url(pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

const inst = (id: string) => `/api/v1/instances/${encodeURIComponent(id)}`;

export const instanceAccountsQuery = (instanceId: string, q: string | null, deleted: boolean) =>
  paged<InstanceAccountPage>(
    ["instance", instanceId, "accounts", q, deleted],
    (cursor) => `${inst(instanceId)}/accounts${searchParams({ q, deleted: deleted ? "true" : null, limit: SYNCED_PAGE_SIZE, cursor })}`,
  );

export const instanceSettingsQuery = (instanceId: string, q: string | null) =>
  paged<SettingsPage>(
    ["instance", instanceId, "settings", q],
    (cursor) => `${inst(instanceId)}/settings${searchParams({ q, limit: SYNCED_PAGE_SIZE, cursor })}`,
  );

export const instanceRunsQuery = (instanceId: string) =>
  paged<InstanceRunsPage>(["instance", instanceId, "runs"], (cursor) => `${inst(instanceId)}/runs${searchParams({ limit: 50, cursor })}`);

export const instanceCapacityQuery = (instanceId: string) =>
  queryOptions({ queryKey: ["instance", instanceId, "capacity"], queryFn: () => fetchJson<Capacity>(`${inst(instanceId)}/capacity`) });

/** The fleet account list's filters as the API's query parameters (also for the server's first page). */
export function accountsApiParams(f: AccountFilters) {
  const params = {
    q: f.q,
    instanceId: f.instanceId,
    superuser: str(f.superuser),
    canLogin: str(f.canLogin),
    createRole: str(f.createRole),
    createDb: str(f.createDb),
    replication: str(f.replication),
    bypassRls: str(f.bypassRls),
    deleted: f.deleted ? "true" : null,
    // The URL holds a day; the API takes an instant.
    changedSince: f.changedSince ? `${f.changedSince}T00:00:00Z` : null,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null)) as Record<string, string>;
}

export const accountsQuery = (f: AccountFilters) =>
  paged<AccountPage>(
    ["accounts", "list", f],
    (cursor) => `/api/v1/accounts${searchParams({ ...accountsApiParams(f), limit: SYNCED_PAGE_SIZE, cursor })}`,
  );

export const accountQuery = (id: string) =>
  queryOptions({ queryKey: ["account", id], queryFn: () => fetchJson<AccountDetail>(`/api/v1/accounts/${encodeURIComponent(id)}`) });

/** A run's changes, or one record's (`recordId`). */
export const changesQuery = (scope: { sessionId: string; recordId?: string | null }, change: string | null) =>
  paged<ChangesPage>(["session", scope.sessionId, "changes", scope.recordId ?? "all", change], (cursor) => {
    const base = scope.recordId
      ? `/api/v1/instance-records/${encodeURIComponent(scope.recordId)}/changes`
      : `/api/v1/sessions/${encodeURIComponent(scope.sessionId)}/changes`;
    return `${base}${searchParams({ change, limit: SYNCED_PAGE_SIZE, cursor })}`;
  });
