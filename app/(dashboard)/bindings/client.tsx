"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { bindingsQuery, type BindingFilters } from "@/components/live-sync/queries";
import type { BindingChoices, BindingItem } from "@/components/live-sync/types";
import { BindDialog } from "./bind-dialog";
import { BindingsFilters } from "./filters";
import { BindingsTable } from "./bindings-table";
import { bindingsSearchParams } from "./search-params";

type Props = { initialFilters: BindingFilters; initialBindings: BindingItem[]; choices: BindingChoices | null };

export function BindingsClient({ initialFilters, initialBindings, choices }: Props) {
  const [filters, setFilters] = useQueryStates(bindingsSearchParams);
  const same = filters.q === initialFilters.q && filters.status === initialFilters.status;
  const query = useQuery({
    ...bindingsQuery(filters),
    initialData: same ? { items: initialBindings } : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: useLiveRefetchInterval(),
  });
  const bindings = query.data?.items ?? [];
  const active = bindings.filter((b) => b.status === "active").length;
  const filtered = filters.q !== null || filters.status !== null;

  return (
    <>
      <PageHeader
        title="Bindings"
        description={
          <>
            Game accounts bound to stores; each binding feeds one live session
            {!filtered && bindings.length > 0 && <span className="tabular-nums"> · {active} active</span>}
          </>
        }
        actions={choices && <BindDialog choices={choices} />}
      />
      <Card className="overflow-hidden">
        <BindingsFilters filters={filters} onChange={(patch) => void setFilters(patch)} />
        <QueryError error={query.error} />
        <BindingsTable bindings={bindings} loading={query.isPending} filtered={filtered} canWrite={choices !== null} />
      </Card>
    </>
  );
}
