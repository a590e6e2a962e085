import { BarChart3Icon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

type Props = {
  title: string;
  description?: string;
  legend?: React.ReactNode;
  empty?: string | false;
  testId?: string;
  className?: string;
  children: React.ReactNode;
};

/** A titled card around one chart, with the empty state when there is nothing to plot. */
export function ChartCard({ title, description, legend, empty, testId, className, children }: Props) {
  return (
    <Card className={className} data-testid={testId}>
      <CardHeader className="flex-wrap">
        <div className="min-w-0">
          <CardTitle>{title}</CardTitle>
          {description && <CardDescription className="mt-0.5">{description}</CardDescription>}
        </div>
        {!empty && legend}
      </CardHeader>
      {empty ? (
        <EmptyState icon={BarChart3Icon} title="No data">
          {empty}
        </EmptyState>
      ) : (
        <div className="px-2 pt-4 pb-2">{children}</div>
      )}
    </Card>
  );
}
