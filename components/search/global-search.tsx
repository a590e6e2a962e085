"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { LoaderIcon, SearchIcon, XIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/cn";
import { fetchJson, searchParams } from "@/components/data/fetch-json";
import type { Wire } from "@/components/data/types";
import { LiveStateBadge } from "@/components/live-sync/badges";
import { shortId } from "@/components/short-id";
import { SessionStatusBadge, StatusBadge } from "@/components/status-badge";
import { RelativeTime } from "@/components/time";
import type { SearchResults } from "@/lib/search/queries";
import { SEARCH_MAX_LENGTH, usableSearchTerm } from "@/lib/search/term";

type Results = Wire<SearchResults>;
type Hit = { key: string; href: string; title: React.ReactNode; detail?: React.ReactNode; badge?: React.ReactNode };
type Group = { label: string; hits: Hit[]; more: boolean; allHref?: string };

const CATEGORY: Record<string, string> = { account: "Accounts", capacity: "Capacity", config: "Config", other: "Other" };

const searchQuery = (q: string) =>
  ({ queryKey: ["search", q], queryFn: () => fetchJson<Results>(`/api/v1/search${searchParams({ q, limit: 6 })}`) }) as const;

/** The header's search box: one term, results grouped by kind, each a link to its page. */
export function GlobalSearch() {
  const router = useRouter();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState("");
  const [term, setTerm] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setTerm(usableSearchTerm(draft)), 200);
    return () => clearTimeout(timer);
  }, [draft]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLElement && (e.target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(e.target.tagName));
      if ((e.key === "k" && (e.metaKey || e.ctrlKey)) || (e.key === "/" && !typing)) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    const onDown = (e: PointerEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onDown);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onDown);
    };
  }, []);

  const query = useQuery({ ...searchQuery(term ?? ""), enabled: term !== null, placeholderData: keepPreviousData });
  const groups = term && query.data ? toGroups(query.data) : [];
  const hits = groups.flatMap((g) => g.hits);
  const shown = open && draft.trim().length > 0;

  const go = (href: string) => {
    setOpen(false);
    input.current?.blur();
    router.push(href);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") return setOpen(false);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (hits.length) setActive((i) => (i + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === "Enter" && hits[active]) {
      e.preventDefault();
      go(hits[active].href);
    }
  };

  let index = -1;
  return (
    <div
      ref={box}
      className="relative order-last w-full basis-full sm:order-none sm:mr-auto sm:w-auto sm:max-w-md sm:min-w-0 sm:flex-1 sm:basis-0"
    >
      <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label="Search everything"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && hits[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        maxLength={SEARCH_MAX_LENGTH}
        placeholder="Search instances, errors, stores…"
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        className="h-8 w-full rounded-md border border-input bg-background pr-14 pl-8 text-[13px] shadow-xs outline-none placeholder:text-muted-foreground/70 focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/20 [&::-webkit-search-cancel-button]:hidden"
      />
      <span className="absolute top-1/2 right-2 flex -translate-y-1/2 items-center gap-1.5">
        {query.isFetching && term && <LoaderIcon className="size-3.5 animate-spin text-muted-foreground" aria-hidden />}
        {draft ? (
          <button
            type="button"
            aria-label="Clear search"
            className="rounded-sm p-0.5 text-muted-foreground hover:text-foreground"
            onClick={() => (setDraft(""), input.current?.focus())}
          >
            <XIcon className="size-3.5" />
          </button>
        ) : (
          <kbd className="hidden rounded border bg-muted px-1 font-mono text-[10px] text-muted-foreground sm:block">/</kbd>
        )}
      </span>
      {shown && (
        <div
          id={listId}
          role="listbox"
          aria-label="Search results"
          className="absolute top-full right-0 left-0 z-50 mt-1.5 max-h-[70vh] overflow-y-auto rounded-lg border bg-background p-1 text-sm shadow-lg sm:min-w-[28rem]"
        >
          {term === null ? (
            <p className="px-3 py-2.5 text-muted-foreground">{hint(draft)}</p>
          ) : query.error ? (
            <p className="px-3 py-2.5 text-red-600">{query.error.message}</p>
          ) : !query.data ? (
            <p className="px-3 py-2.5 text-muted-foreground">Searching…</p>
          ) : hits.length === 0 ? (
            <p className="px-3 py-2.5 text-muted-foreground">Nothing matches “{term}”.</p>
          ) : (
            groups.map((g) => (
              <div key={g.label} role="group" aria-label={g.label} className="py-1">
                <p className="px-2.5 pt-1 pb-1 text-[11px] font-medium tracking-wide text-muted-foreground uppercase">{g.label}</p>
                {g.hits.map((h) => {
                  const i = ++index;
                  return (
                    <Link
                      key={h.key}
                      id={`${listId}-${i}`}
                      role="option"
                      aria-selected={i === active}
                      href={h.href}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => setOpen(false)}
                      className={cn("flex items-center gap-3 rounded-md px-2.5 py-1.5", i === active && "bg-accent")}
                    >
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium">{h.title}</span>
                        {h.detail && <span className="block truncate text-xs text-muted-foreground">{h.detail}</span>}
                      </span>
                      {h.badge}
                    </Link>
                  );
                })}
                {g.more && g.allHref && (
                  <Link
                    href={g.allHref}
                    onClick={() => setOpen(false)}
                    className="block px-2.5 py-1 text-xs text-muted-foreground hover:text-foreground hover:underline"
                  >
                    All matching {g.label.toLowerCase()} →
                  </Link>
                )}
              </div>
            ))
          )}
        </div>
      )}
    </div>
  );
}

function hint(draft: string) {
  const t = draft.trim();
  if (t.length < 2) return "Type at least 2 characters.";
  return "Search text must not contain control characters.";
}

function toGroups(r: Results): Group[] {
  const q = encodeURIComponent(r.q);
  const groups: Group[] = [
    {
      label: "Sync sessions",
      more: r.sessions.more,
      allHref: `/sessions?q=${q}`,
      hits: r.sessions.items.map((s) => ({
        key: `s-${s.id}`,
        href: `/sessions/${s.id}`,
        title: `${s.label ? `${s.label} · ` : ""}${CATEGORY[s.syncCategory] ?? s.syncCategory} sync · ${s.totalInstances} instance${s.totalInstances === 1 ? "" : "s"}`,
        detail: (
          <>
            {s.syncType === "scheduled" ? "Scheduled" : "Manual"} · started <RelativeTime date={s.startedAt} /> ·{" "}
            <span className="font-mono" title={s.id}>
              …{shortId(s.id)}
            </span>
          </>
        ),
        badge: <SessionStatusBadge session={s} />,
      })),
    },
    {
      label: "Instance records",
      more: r.instanceRecords.more,
      hits: r.instanceRecords.items.map((x) => ({
        key: `r-${x.id}`,
        href: `/sessions/${x.sessionId}`,
        title: x.instanceName,
        // Which run and when, so records of one instance across runs are told apart; then the error.
        detail: (
          <>
            {CATEGORY[x.syncCategory] ?? x.syncCategory} run{" "}
            <span className="font-mono" title={x.sessionId}>
              …{shortId(x.sessionId)}
            </span>{" "}
            · <RelativeTime date={x.sessionStartedAt} />
            {x.errorMessage && <> · {x.errorMessage}</>}
          </>
        ),
        badge: <StatusBadge status={x.status} />,
      })),
    },
    {
      label: "Bindings",
      more: r.bindings.more,
      allHref: `/bindings?q=${q}`,
      hits: r.bindings.items.map((b) => ({
        key: `b-${b.id}`,
        href: `/bindings?q=${encodeURIComponent(b.gameAccount)}`,
        title: `${b.gameAccount} → ${b.store}`,
        detail: b.errorMsg ?? `${b.instanceName} · ${b.status === "active" ? "bound" : "unbound"}`,
        badge: b.state ? <LiveStateBadge state={b.state} /> : undefined,
      })),
    },
    {
      label: "Live sessions",
      more: r.liveSessions.more,
      allHref: `/live-sessions?q=${q}`,
      hits: r.liveSessions.items.map((l) => ({
        key: `l-${l.id}`,
        href: `/live-sessions/${l.id}`,
        title: `${l.store} · ${l.gameAccount}`,
        detail: l.errorMsg ?? (l.autoSyncEnabled ? "Auto-sync on" : "Auto-sync off"),
        badge: <LiveStateBadge state={l.state} />,
      })),
    },
  ];
  return groups.filter((g) => g.hits.length > 0);
}
