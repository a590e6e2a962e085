"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { InstanceItem } from "@/components/data/types";
import { EnabledSwitch } from "./enabled-switch";
import { LastTest } from "./last-test";
import { TestConnectionButton } from "./test-connection-button";

const KIND: Record<string, string> = { postgres: "PostgreSQL", mysql: "MySQL", game_server: "Game server" };

type Props = { instances: InstanceItem[]; canWrite: boolean; canTest: boolean };

export function InstancesTable({ instances, canWrite, canTest }: Props) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Endpoint</TableHead>
          <TableHead>Enabled</TableHead>
          <TableHead>Last connection test</TableHead>
          {canTest && <TableHead className="text-right">Actions</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {instances.map((i) => (
          <TableRow key={i.id} data-testid="instance-row" data-instance-name={i.name} data-enabled={i.enabled}>
            <TableCell className="font-medium">
              <Link href={`/instances/${i.id}`} className="hover:underline">
                {i.name}
              </Link>
            </TableCell>
            <TableCell>
              <Badge>{KIND[i.kind] ?? i.kind}</Badge>
            </TableCell>
            <TableCell className="max-w-64 truncate font-mono text-xs text-muted-foreground" title={i.endpoint}>
              {i.endpoint}
            </TableCell>
            <TableCell>
              {canWrite ? (
                <EnabledSwitch instance={i} />
              ) : (
                <span className={i.enabled ? "text-emerald-700" : "text-muted-foreground"}>{i.enabled ? "Enabled" : "Disabled"}</span>
              )}
            </TableCell>
            <TableCell className="max-w-80">
              <LastTest instance={i} />
            </TableCell>
            {canTest && (
              <TableCell className="text-right">
                <TestConnectionButton instance={i} />
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
