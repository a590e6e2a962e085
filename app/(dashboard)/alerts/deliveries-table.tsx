"use client";

import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAbsolute, formatRelative, useNow } from "@/components/time";
import type { AlertDeliveryItem } from "./types";

const TONE = { delivered: "green", failed: "red", pending: "amber" } as const;

export function DeliveriesTable({ deliveries }: { deliveries: AlertDeliveryItem[] }) {
  const now = useNow();
  if (deliveries.length === 0) return <p className="px-4 py-8 text-center text-[13px] text-muted-foreground">No alerts sent yet.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Status</TableHead>
          <TableHead>Rule</TableHead>
          <TableHead>Alert</TableHead>
          <TableHead className="text-right">Attempts</TableHead>
          <TableHead>Response</TableHead>
          <TableHead>Time</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {deliveries.map((d) => (
          <TableRow key={d.id} data-testid="delivery-row" data-status={d.status} data-rule={d.ruleName}>
            <TableCell>
              <Badge tone={TONE[d.status]}>{d.status === "pending" && d.attempts > 0 ? "retrying" : d.status}</Badge>
            </TableCell>
            <TableCell className="font-medium">
              {d.ruleName}
              {d.isTest && (
                <Badge tone="violet" className="ml-2">
                  test
                </Badge>
              )}
            </TableCell>
            <TableCell className="max-w-96 truncate text-[13px] text-muted-foreground" title={d.summary}>
              {d.summary}
            </TableCell>
            <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
            <TableCell className="max-w-72 text-[13px]">
              {d.responseStatus !== null && <span className="font-mono">HTTP {d.responseStatus}</span>}
              {d.lastError && (
                <span className="block truncate text-red-700" title={d.lastError}>
                  {d.lastError}
                </span>
              )}
              {d.responseStatus === null && !d.lastError && <span className="text-muted-foreground">—</span>}
            </TableCell>
            <TableCell className="whitespace-nowrap text-[13px] text-muted-foreground" title={formatAbsolute(d.deliveredAt ?? d.createdAt)}>
              {formatRelative(d.deliveredAt ?? d.createdAt, now)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
