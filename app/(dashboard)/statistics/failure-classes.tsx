import { CheckCircle2Icon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { FailureClassBars, failuresOf } from "@/components/failures/failure-class-bars";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { Statistics } from "@/components/data/types";

export function FailureClasses({ items, withTicks }: { items: Statistics["failureClasses"]; withTicks: boolean }) {
  const any = items.some((c) => failuresOf(c) > 0 || c.sessions > 0);
  return (
    <Card className="overflow-hidden" data-testid="statistics-failure-classes">
      <CardHeader>
        <div>
          <CardTitle>Failures by class</CardTitle>
          <CardDescription className="mt-0.5">
            Failed instance syncs{withTicks ? " and live-session ticks" : ""} in this timeframe, by why they failed; runs are counted by
            their most common class
          </CardDescription>
        </div>
      </CardHeader>
      {any ? (
        <FailureClassBars items={items} />
      ) : (
        <EmptyState icon={CheckCircle2Icon} title="No failures">
          Nothing failed in this timeframe.
        </EmptyState>
      )}
    </Card>
  );
}
