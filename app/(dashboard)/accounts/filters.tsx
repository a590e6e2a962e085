"use client";

import { SlidersHorizontalIcon, XIcon } from "lucide-react";
import { useState } from "react";
import { SearchFilter } from "@/components/search/search-filter";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { AccountFilters } from "@/components/synced-data/types";
import { DateInput, FilterSelect } from "../sessions/filters";

export const ATTRIBUTES = [
  ["superuser", "Superuser"],
  ["canLogin", "Can login"],
  ["createRole", "Create role"],
  ["createDb", "Create db"],
  ["replication", "Replication"],
  ["bypassRls", "Bypass RLS"],
] as const;

export const NO_FILTERS: AccountFilters = {
  q: null,
  instanceId: null,
  superuser: null,
  canLogin: null,
  createRole: null,
  createDb: null,
  replication: null,
  bypassRls: null,
  deleted: null,
  changedSince: null,
};

const YES_NO = [
  { value: "true", label: "Yes" },
  { value: "false", label: "No" },
];

type Props = {
  filters: AccountFilters;
  onChange: (patch: Partial<AccountFilters>) => void;
  instances: { id: string; name: string }[];
};

export function AccountFiltersBar({ filters, onChange, instances }: Props) {
  const active = Object.values(filters).some((v) => v !== null);
  // On a phone the filters other than search fold behind a button, as on the sessions list.
  const [shown, setShown] = useState(false);
  const activeCount = Object.entries(filters).filter(([k, v]) => k !== "q" && v !== null).length;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b px-4 py-2.5" data-testid="account-filters">
      <SearchFilter
        value={filters.q}
        onChange={(q) => onChange({ q })}
        placeholder="Search account name"
        label="Search accounts"
        className="min-w-0 flex-1 sm:w-64 sm:flex-none"
      />
      <Button
        variant="outline"
        size="sm"
        className="sm:hidden"
        aria-expanded={shown}
        aria-controls="account-filter-fields"
        onClick={() => setShown((v) => !v)}
      >
        <SlidersHorizontalIcon />
        Filters{activeCount > 0 && ` (${activeCount})`}
      </Button>
      <div id="account-filter-fields" className={`${shown ? "flex" : "hidden"} w-full flex-wrap items-center gap-2 sm:flex sm:w-auto`}>
        <FilterSelect
          label="Instance"
          value={filters.instanceId}
          allLabel="All instances"
          options={instances.map((i) => ({ value: i.id, label: i.name }))}
          onChange={(instanceId) => onChange({ instanceId })}
        />
        {ATTRIBUTES.map(([key, label]) => (
          <FilterSelect
            key={key}
            label={label}
            value={filters[key] === null ? null : String(filters[key])}
            allLabel="Any"
            options={YES_NO}
            onChange={(v) => onChange({ [key]: v === null ? null : v === "true" })}
          />
        ))}
        <DateInput label="Changed since" value={filters.changedSince} onChange={(changedSince) => onChange({ changedSince })} />
        <div className="flex items-center gap-2">
          <Switch id="accounts-deleted" checked={filters.deleted ?? false} onCheckedChange={(v) => onChange({ deleted: v || null })} />
          <Label htmlFor="accounts-deleted" className="text-[13px] font-normal">
            Deleted only
          </Label>
        </div>
        {active && (
          <Button variant="ghost" size="xs" onClick={() => onChange(NO_FILTERS)} className="text-muted-foreground">
            <XIcon />
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
