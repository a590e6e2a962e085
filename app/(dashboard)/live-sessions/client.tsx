"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { liveSessionsQuery } from "@/components/live-sync/queries";
import type { LiveSessionItem } from "@/components/live-sync/types";
import { useLiveSyncRefetchInterval } from "@/components/live-sync/use-live-refetch";
import { LiveSessionsTable } from "./live-sessions-table";

type Props = { initialSessions: LiveSessionItem[]; canControl: boolean };

export function LiveSessionsClient({ initialSessions, canControl }: Props) {
  const { data, error } = useQuery({
    ...liveSessionsQuery(),
    initialData: { items: initialSessions },
    refetchInterval: useLiveSyncRefetchInterval(),
  });
  const count = (state: string) => data.items.filter((s) => s.state === state).length;
  const errors = count("error");

  return (
    <>
      <PageHeader
        title="Live sessions"
        description={
          <span className="tabular-nums">
            Continuous sync of each bound store · {count("active")} active
            {errors > 0 && <span className="text-red-600"> · {errors} in error</span>}
            {count("inactive") > 0 && <> · {count("inactive")} inactive</>}
          </span>
        }
      />
      <Card className="overflow-hidden">
        <QueryError error={error} />
        <LiveSessionsTable sessions={data.items} canControl={canControl} />
      </Card>
    </>
  );
}
