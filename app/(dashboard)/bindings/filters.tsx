"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";
import { SegmentedControl } from "@/components/ui/segmented-control";
import type { BindingFilters } from "@/components/live-sync/queries";
import type { BindingStatus } from "@/components/live-sync/types";
import { SEARCH_MAX_LENGTH, usableSearchTerm } from "@/lib/search/term";

const STATUS_OPTIONS: { value: BindingStatus | null; label: string }[] = [
  { value: null, label: "All" },
  { value: "active", label: "Bound" },
  { value: "inactive", label: "Unbound" },
];

type Props = { filters: BindingFilters; onChange: (patch: Partial<BindingFilters>) => void };

export function BindingsFilters({ filters, onChange }: Props) {
  const [draft, setDraft] = useState(filters.q ?? "");
  const [seen, setSeen] = useState(filters.q);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The URL changed under us (back button, cleared filter): show its value.
  if (seen !== filters.q) {
    setSeen(filters.q);
    if ((filters.q ?? "") !== draft.trim()) setDraft(filters.q ?? "");
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (value: string) => {
    setDraft(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange({ q: usableSearchTerm(value) }), 250);
  };

  return (
    <div className="flex flex-wrap items-center gap-2.5 border-b px-4 py-2.5">
      <div className="relative w-full max-w-xs">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          type="search"
          value={draft}
          onChange={(e) => search(e.target.value)}
          placeholder="Search store, account or error"
          aria-label="Search bindings"
          maxLength={SEARCH_MAX_LENGTH}
          className="h-8 pr-8 pl-8 text-[13px] [&::-webkit-search-cancel-button]:hidden"
        />
        {draft && (
          <button
            type="button"
            onClick={() => (clearTimeout(timer.current), setDraft(""), onChange({ q: null }))}
            className="absolute top-1/2 right-2 -translate-y-1/2 rounded-sm p-0.5 text-muted-foreground hover:text-foreground"
            aria-label="Clear search"
          >
            <XIcon className="size-3.5" />
          </button>
        )}
      </div>
      <SegmentedControl
        label="Filter by status"
        options={STATUS_OPTIONS}
        value={filters.status}
        onChange={(status) => onChange({ status })}
      />
    </div>
  );
}
