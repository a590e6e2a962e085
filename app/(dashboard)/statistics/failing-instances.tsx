import { CheckCircle2Icon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { RelativeTime } from "@/components/time";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Statistics } from "@/components/data/types";

export function FailingInstances({ items }: { items: Statistics["topFailingInstances"] }) {
  return (
    <Card className="overflow-hidden" data-testid="top-failing-instances">
      <CardHeader>
        <div>
          <CardTitle>Top failing instances</CardTitle>
          <CardDescription className="mt-0.5">Instances with the most failed records in this timeframe</CardDescription>
        </div>
      </CardHeader>
      {items.length === 0 ? (
        <EmptyState icon={CheckCircle2Icon} title="No failed instances">
          Every instance synced without error in this timeframe.
        </EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Instance</TableHead>
              <TableHead className="text-right">Failures</TableHead>
              <TableHead>Last error</TableHead>
              <TableHead className="text-right">Last failed</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((i) => (
              <TableRow key={i.instanceId} data-testid="failing-instance" data-instance-name={i.name}>
                <TableCell className="font-medium whitespace-nowrap">{i.name}</TableCell>
                <TableCell className="text-right font-medium tabular-nums text-red-600">{i.failures}</TableCell>
                <TableCell className="w-full max-w-0">
                  <p className="truncate text-xs text-red-600" title={i.lastError ?? undefined}>
                    {i.lastError ?? <span className="text-muted-foreground">—</span>}
                  </p>
                </TableCell>
                <TableCell className="text-right whitespace-nowrap text-muted-foreground">
                  <RelativeTime date={i.lastFailedAt} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
