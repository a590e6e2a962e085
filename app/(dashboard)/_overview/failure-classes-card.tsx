import { CheckCircle2Icon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { FailureClassBars, failuresOf, type FailureClassCount } from "@/components/failures/failure-class-bars";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";

/** The classes that failed most in the last 24 hours, each linking to its runs. */
export function FailureClassesCard({ items }: { items: FailureClassCount[] }) {
  const any = items.some((c) => failuresOf(c) > 0 || c.sessions > 0);
  return (
    <Card data-testid="overview-failure-classes">
      <CardHeader>
        <CardTitle>Why things failed · 24 h</CardTitle>
        <Link href="/statistics?timeframe=24h" className="text-xs text-muted-foreground hover:text-foreground">
          Statistics
        </Link>
      </CardHeader>
      {any ? (
        <FailureClassBars items={items} limit={4} showCounts={false} />
      ) : (
        <EmptyState icon={CheckCircle2Icon} title="No failures in 24 hours">
          Failed instance syncs and live ticks show up here by class.
        </EmptyState>
      )}
    </Card>
  );
}
