"use client";

import { SlidersHorizontalIcon, XIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { SearchFilter } from "@/components/search/search-filter";
import { DateInput, FilterSelect } from "../sessions/filters";
import { NO_AUDIT_FILTERS, type AuditFilterValues } from "./search-params";

type Props = {
  filters: AuditFilterValues;
  onChange: (patch: Partial<AuditFilterValues>) => void;
  /** The actions and target types recorded so far. */
  facets: { actions: string[]; targetTypes: string[] };
};

export function AuditFiltersBar({ filters, onChange, facets }: Props) {
  const [shown, setShown] = useState(false);
  const active = Object.values(filters).some((v) => v !== null);
  const activeCount = Object.entries(filters).filter(([k, v]) => k !== "actor" && v !== null).length;
  const withCurrent = (values: string[], current: string | null) => (current && !values.includes(current) ? [...values, current] : values);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b px-4 py-2.5" data-testid="audit-filters">
      <SearchFilter
        value={filters.actor}
        onChange={(actor) => onChange({ actor })}
        placeholder="Actor: name, email or token"
        label="Filter by actor"
        className="min-w-0 flex-1 sm:w-56 sm:flex-none"
      />
      <Button
        variant="outline"
        size="sm"
        className="sm:hidden"
        aria-expanded={shown}
        aria-controls="audit-filter-fields"
        onClick={() => setShown((v) => !v)}
      >
        <SlidersHorizontalIcon />
        Filters{activeCount > 0 && ` (${activeCount})`}
      </Button>
      <div id="audit-filter-fields" className={`${shown ? "flex" : "hidden"} w-full flex-wrap items-center gap-2 sm:flex sm:w-auto`}>
        <FilterSelect
          label="Action"
          value={filters.action}
          allLabel="All actions"
          options={withCurrent(facets.actions, filters.action).map((a) => ({ value: a, label: a }))}
          onChange={(action) => onChange({ action })}
        />
        <FilterSelect
          label="Target"
          value={filters.targetType}
          allLabel="All targets"
          options={withCurrent(facets.targetTypes, filters.targetType).map((t) => ({ value: t, label: t }))}
          onChange={(targetType) => onChange({ targetType })}
        />
        <TargetIdInput value={filters.targetId} onChange={(targetId) => onChange({ targetId })} />
        <DateInput label="From" value={filters.from} max={filters.to} onChange={(from) => onChange({ from })} />
        <DateInput label="To" value={filters.to} min={filters.from} onChange={(to) => onChange({ to })} />
        {active && (
          <Button variant="ghost" size="xs" onClick={() => onChange(NO_AUDIT_FILTERS)} className="text-muted-foreground">
            <XIcon />
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}

/** An exact id: applied on Enter or blur, not per keystroke (a half-typed id matches nothing). */
function TargetIdInput({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const [draft, setDraft] = useState(value ?? "");
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    // The URL changed (Back, Clear filters, a click on a row's target): show it.
    setSeen(value);
    setDraft(value ?? "");
  }
  const apply = () => {
    const v = draft.trim() || null;
    if (v !== value) onChange(v);
  };
  return (
    <Input
      type="text"
      value={draft}
      maxLength={200}
      placeholder="Target id"
      aria-label="Target id"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === "Enter" && apply()}
      className={`h-8 w-40 font-mono text-xs ${value ? "border-zinc-400 bg-zinc-50" : ""}`}
    />
  );
}
