"use client";

import { useQuery } from "@tanstack/react-query";
import { BellIcon } from "lucide-react";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { DeliveriesTable } from "./deliveries-table";
import { alertDeliveriesQuery, alertRulesQuery } from "./queries";
import { RuleDialog } from "./rule-dialog";
import { RulesTable } from "./rules-table";
import type { AlertDeliveryItem, AlertRuleItem, ScopeChoices } from "./types";

type Props = { initialRules: AlertRuleItem[]; initialDeliveries: AlertDeliveryItem[]; canWrite: boolean; choices: ScopeChoices };

export function AlertsClient({ initialRules, initialDeliveries, canWrite, choices }: Props) {
  const refetchInterval = useLiveRefetchInterval();
  const [ruleFilter, setRuleFilter] = useState<string | null>(null);
  const rules = useQuery({ ...alertRulesQuery(), initialData: { items: initialRules }, refetchInterval });
  const deliveries = useQuery({
    ...alertDeliveriesQuery(ruleFilter),
    initialData: ruleFilter ? undefined : { items: initialDeliveries },
    refetchInterval,
  });
  const filtered = rules.data.items.find((r) => r.id === ruleFilter);
  const muted = rules.data.items.filter((r) => r.mutedUntil).length;

  return (
    <>
      <PageHeader
        title="Alerts"
        description={`Who is told what, and where · ${rules.data.items.length} ${rules.data.items.length === 1 ? "rule" : "rules"}${muted ? `, ${muted} muted` : ""}`}
        actions={canWrite && <RuleDialog choices={choices} />}
      />
      <Card className="overflow-hidden">
        <QueryError error={rules.error} />
        {rules.data.items.length === 0 ? (
          <EmptyState icon={BellIcon} title="No alert rules yet">
            {canWrite
              ? "Create a rule to be told by webhook or Slack when a binding, an instance or a category fails."
              : "A super admin can create alert rules."}
          </EmptyState>
        ) : (
          <RulesTable rules={rules.data.items} canWrite={canWrite} choices={choices} selected={ruleFilter} onSelect={setRuleFilter} />
        )}
      </Card>
      <Card className="mt-6 overflow-hidden">
        <CardHeader>
          <div>
            <CardTitle>Delivery log</CardTitle>
            <CardDescription>
              {filtered ? `Deliveries of “${filtered.name}”` : "Every alert sent, newest first; updates live"}
            </CardDescription>
          </div>
          {filtered && (
            <Button variant="outline" size="xs" onClick={() => setRuleFilter(null)}>
              Show all rules
            </Button>
          )}
        </CardHeader>
        <QueryError error={deliveries.error} />
        <DeliveriesTable deliveries={deliveries.data?.items ?? []} />
      </Card>
    </>
  );
}
