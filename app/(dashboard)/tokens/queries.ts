import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/components/data/fetch-json";
import type { ApiTokenItem } from "./types";

export const apiTokensQuery = () =>
  queryOptions({ queryKey: ["api-tokens"], queryFn: () => fetchJson<{ items: ApiTokenItem[] }>(`/api/v1/tokens`) });
