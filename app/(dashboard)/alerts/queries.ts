import { queryOptions } from "@tanstack/react-query";
import { fetchJson, searchParams } from "@/components/data/fetch-json";
import type { AlertDeliveryItem, AlertRuleItem } from "./types";

export const alertRulesQuery = () =>
  queryOptions({ queryKey: ["alert-rules"], queryFn: () => fetchJson<{ items: AlertRuleItem[] }>(`/api/v1/alert-rules`) });

export const alertDeliveriesQuery = (ruleId: string | null) =>
  queryOptions({
    queryKey: ["alert-deliveries", ruleId ?? "all"],
    queryFn: () => fetchJson<{ items: AlertDeliveryItem[] }>(`/api/v1/alert-deliveries${searchParams({ ruleId, limit: 50 })}`),
  });
