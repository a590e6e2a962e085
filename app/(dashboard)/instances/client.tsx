"use client";

import { useQuery } from "@tanstack/react-query";
import { ServerIcon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { instancesQuery } from "@/components/data/queries";
import type { InstanceItem } from "@/components/data/types";
import { AddInstanceDialog } from "./add-instance-dialog";
import { InstancesTable } from "./instances-table";

type Props = { initialInstances: InstanceItem[]; canWrite: boolean; canTest: boolean };

export function InstancesClient({ initialInstances, canWrite, canTest }: Props) {
  const { data, error } = useQuery({
    ...instancesQuery(),
    initialData: { items: initialInstances },
    refetchInterval: useLiveRefetchInterval(),
  });
  const enabled = data.items.filter((i) => i.enabled).length;

  return (
    <>
      <PageHeader
        title="Instances"
        description={`Upstream systems Syncdeck syncs from · ${enabled} of ${data.items.length} enabled`}
        actions={canWrite && <AddInstanceDialog />}
      />
      <Card className="overflow-hidden">
        <QueryError error={error} />
        {data.items.length === 0 ? (
          <EmptyState icon={ServerIcon} title="No instances yet">
            {canWrite ? "Add a PostgreSQL or MySQL instance to start syncing it." : "A super admin can add PostgreSQL and MySQL instances."}
          </EmptyState>
        ) : (
          <InstancesTable instances={data.items} canWrite={canWrite} canTest={canTest} />
        )}
      </Card>
    </>
  );
}
