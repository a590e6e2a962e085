import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/components/data/fetch-json";
import type { BulkOperationItem } from "./types";

export const bulkOperationQuery = (id: string) =>
  queryOptions({
    queryKey: ["bulk-operation", id],
    queryFn: () => fetchJson<BulkOperationItem>(`/api/v1/bulk-operations/${encodeURIComponent(id)}`),
  });

export const bulkOperationsQuery = () =>
  queryOptions({
    queryKey: ["bulk-operations"],
    queryFn: () => fetchJson<{ items: BulkOperationItem[] }>(`/api/v1/bulk-operations?limit=20`),
  });
