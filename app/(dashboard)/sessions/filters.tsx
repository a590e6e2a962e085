"use client";

import { SlidersHorizontalIcon, XIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SYNC_CATEGORIES, SYNC_TYPES, type SessionFilters } from "@/components/data/types";
import { FailureClassFilter } from "@/components/failures/failure-class-filter";
import { SearchFilter } from "@/components/search/search-filter";
import { categoryLabel, syncTypeLabel } from "./labels";
import { StatusFilter } from "./status-filter";

const ALL = "all";

type Props = {
  filters: SessionFilters;
  onChange: (patch: Partial<SessionFilters>) => void;
  me: { id: string; name: string };
  /** Users seen in the loaded sessions, offered in "Created by" besides me and the scheduler. */
  creators: { id: string; name: string }[];
};

export function SessionFiltersBar({ filters, onChange, me, creators }: Props) {
  const others = creators.filter((c) => c.id !== me.id);
  if (
    filters.createdBy &&
    filters.createdBy !== "scheduler" &&
    filters.createdBy !== me.id &&
    !others.some((c) => c.id === filters.createdBy)
  ) {
    others.push({ id: filters.createdBy, name: "Selected user" });
  }
  const active = Object.values(filters).some((v) => v !== null);
  // On a phone the filters other than search fold behind a button; from sm up they are always shown.
  const [shown, setShown] = useState(false);
  const activeCount = Object.entries(filters).filter(([k, v]) => k !== "q" && v !== null).length;
  const reset = { status: null, type: null, category: null, createdBy: null, from: null, to: null, q: null, failureClass: null };

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b px-4 py-2.5" data-testid="session-filters">
      <SearchFilter
        value={filters.q}
        onChange={(q) => onChange({ q })}
        placeholder="Search instance, error or label"
        label="Search sessions"
        className="min-w-0 flex-1 sm:w-64 sm:flex-none"
      />
      <Button
        variant="outline"
        size="sm"
        className="sm:hidden"
        aria-expanded={shown}
        aria-controls="session-filter-fields"
        onClick={() => setShown((v) => !v)}
      >
        <SlidersHorizontalIcon />
        Filters{activeCount > 0 && ` (${activeCount})`}
      </Button>
      <div
        id="session-filter-fields"
        className={`${shown ? "flex" : "hidden"} w-full flex-wrap items-center gap-x-3 gap-y-2 sm:flex sm:w-auto`}
      >
        <StatusFilter value={filters.status} onChange={(status) => onChange({ status })} />
        <div className="flex flex-wrap items-center gap-2">
          <FilterSelect
            label="Type"
            value={filters.type}
            allLabel="All types"
            options={SYNC_TYPES.map((t) => ({ value: t, label: syncTypeLabel(t) }))}
            onChange={(type) => onChange({ type: type as SessionFilters["type"] })}
          />
          <FilterSelect
            label="Category"
            value={filters.category}
            allLabel="All categories"
            options={SYNC_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))}
            onChange={(category) => onChange({ category: category as SessionFilters["category"] })}
          />
          <FilterSelect
            label="Created by"
            value={filters.createdBy}
            allLabel="Anyone"
            options={[
              { value: me.id, label: `Me (${me.name})` },
              { value: "scheduler", label: "Scheduler" },
              ...others.map((c) => ({ value: c.id, label: c.name })),
            ]}
            onChange={(createdBy) => onChange({ createdBy })}
          />
          <FailureClassFilter value={filters.failureClass} onChange={(failureClass) => onChange({ failureClass })} />
          <DateInput label="From" value={filters.from} max={filters.to} onChange={(from) => onChange({ from })} />
          <DateInput label="To" value={filters.to} min={filters.from} onChange={(to) => onChange({ to })} />
          {active && (
            <Button variant="ghost" size="xs" onClick={() => onChange(reset)} className="text-muted-foreground">
              <XIcon />
              Clear filters
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}

type FilterSelectProps = {
  label: string;
  value: string | null;
  allLabel: string;
  options: { value: string; label: string }[];
  onChange: (value: string | null) => void;
};

export function FilterSelect({ label, value, allLabel, options, onChange }: FilterSelectProps) {
  return (
    <Select value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? null : v)}>
      <SelectTrigger aria-label={label} size="sm" className={value ? "border-zinc-400 bg-zinc-50" : undefined}>
        <span className="text-muted-foreground">{label}:</span>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ALL}>{allLabel}</SelectItem>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

type DateInputProps = {
  label: string;
  value: string | null;
  min?: string | null;
  max?: string | null;
  onChange: (value: string | null) => void;
};

/**
 * A day typed as YYYY-MM-DD: one tab stop, where a native date input has one per segment and one
 * for its picker. Applied when it is a real day (or cleared), on Enter, blur or a complete entry.
 */
export function DateInput({ label, value, min, max, onChange }: DateInputProps) {
  const [draft, setDraft] = useState(value ?? "");
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    // The URL changed (Back, Clear filters): show it.
    setSeen(value);
    setDraft(value ?? "");
  }
  const valid = draft === "" || (/^\d{4}-\d{2}-\d{2}$/.test(draft) && !Number.isNaN(Date.parse(`${draft}T00:00:00Z`)));
  const outOfRange = valid && draft !== "" && ((min && draft < min) || (max && draft > max));
  const apply = (v: string) => {
    const ok = v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));
    if (ok && (v || null) !== value) onChange(v || null);
  };
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted-foreground" title="Calendar days in UTC, as YYYY-MM-DD">
      {label}
      <Input
        type="text"
        inputMode="numeric"
        placeholder="YYYY-MM-DD"
        maxLength={10}
        aria-label={`${label} date`}
        aria-invalid={!valid || outOfRange || undefined}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.length === 10 || e.target.value === "") apply(e.target.value);
        }}
        onBlur={() => apply(draft)}
        onKeyDown={(e) => e.key === "Enter" && apply(draft)}
        className={`h-8 w-28 text-[13px] tabular-nums ${value ? "border-zinc-400 bg-zinc-50" : ""} ${!valid || outOfRange ? "border-red-400" : ""}`}
      />
    </label>
  );
}
