"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/cn";
import { Input } from "@/components/ui/input";
import { SEARCH_MAX_LENGTH, usableSearchTerm } from "@/lib/search/term";

type Props = {
  /** The term in the URL (already usable, or null). */
  value: string | null;
  onChange: (q: string | null) => void;
  placeholder: string;
  label: string;
  className?: string;
};

/** A list's `q` box: sends a usable term (2+ characters) a moment after typing stops; shorter text searches nothing yet. */
export function SearchFilter({ value, onChange, placeholder, label, className }: Props) {
  const [draft, setDraft] = useState(value ?? "");
  const [seen, setSeen] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The URL changed under us (back button, cleared filters): show its value.
  if (seen !== value) {
    setSeen(value);
    if ((value ?? "") !== draft.trim()) setDraft(value ?? "");
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text: string) => {
    setDraft(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const q = usableSearchTerm(text);
      if (q !== value) onChange(q);
    }, 250);
  };
  const tooShort = draft.trim().length === 1;

  return (
    <div className={cn("relative w-full max-w-xs", className)}>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
      <Input
        type="search"
        value={draft}
        onChange={(e) => search(e.target.value)}
        placeholder={placeholder}
        aria-label={label}
        title={tooShort ? "Type at least 2 characters" : undefined}
        maxLength={SEARCH_MAX_LENGTH}
        className={cn("h-8 pr-8 pl-8 text-[13px] [&::-webkit-search-cancel-button]:hidden", value && "border-zinc-400 bg-zinc-50")}
      />
      {draft && (
        <button
          type="button"
          onClick={() => (clearTimeout(timer.current), setDraft(""), onChange(null))}
          className="absolute top-1/2 right-2 -translate-y-1/2 rounded-sm p-0.5 text-muted-foreground hover:text-foreground"
          aria-label="Clear search"
        >
          <XIcon className="size-3.5" />
        </button>
      )}
    </div>
  );
}
