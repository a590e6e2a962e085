"use client";

import { ChevronRightIcon, FilterIcon, ScrollTextIcon } from "lucide-react";
import Link from "next/link";
import { Fragment, useState } from "react";
import { cn } from "@/components/cn";
import { EmptyState } from "@/components/empty-state";
import { IdChip } from "@/components/id-chip";
import { TableSkeleton } from "@/components/table-skeleton";
import { RelativeTime } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditItem } from "@/components/data/types";
import type { AuditFilterValues } from "./search-params";
import { targetHref } from "./target-link";

const ACTOR_TONE = { user: "neutral", api_token: "blue", system: "violet" } as const;

type Props = {
  entries: AuditItem[];
  loading?: boolean;
  filtered?: boolean;
  canSeeTokens: boolean;
  onFilter: (patch: Partial<AuditFilterValues>) => void;
};

const hasDetails = (v: unknown) => v !== null && v !== undefined && !(typeof v === "object" && Object.keys(v).length === 0);

export function AuditTable({ entries, loading = false, filtered = false, canSeeTokens, onFilter }: Props) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  if (loading && entries.length === 0) return <TableSkeleton rows={8} columns={6} />;
  if (entries.length === 0)
    return filtered ? (
      <EmptyState icon={ScrollTextIcon} title="No entries match these filters">
        Change or clear the filters to see more.
      </EmptyState>
    ) : (
      <EmptyState icon={ScrollTextIcon} title="Nothing recorded yet">
        Changes to sessions and instances appear here.
      </EmptyState>
    );
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    // Long values truncate within a max width (a cell's own max-width does not hold in a table), so the
    // columns fit the card; the expanded details wrap at whatever width that leaves.
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="w-9">
            <span className="sr-only">Expand</span>
          </TableHead>
          <TableHead className="hidden sm:table-cell">When</TableHead>
          <TableHead>
            Actor<span className="sm:hidden"> · action</span>
          </TableHead>
          <TableHead className="hidden sm:table-cell">Action</TableHead>
          <TableHead className="hidden md:table-cell">Target</TableHead>
          <TableHead className="hidden lg:table-cell">Details</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((e) => {
          const expanded = open.has(e.id);
          const href = targetHref(e.targetType, e.targetId, { canSeeTokens });
          return (
            <Fragment key={e.id}>
              <TableRow
                data-testid="audit-row"
                data-action={e.action}
                data-id={e.id}
                aria-expanded={expanded}
                className="cursor-pointer"
                onClick={(ev) => {
                  // Links and buttons inside the row do their own thing.
                  if (!(ev.target as HTMLElement).closest("a,button")) toggle(e.id);
                }}
              >
                <TableCell className="pr-0">
                  <button
                    type="button"
                    className="grid size-6 place-items-center rounded text-muted-foreground hover:bg-accent hover:text-foreground"
                    aria-label={expanded ? "Hide details" : "Show details"}
                    aria-expanded={expanded}
                    aria-controls={`audit-details-${e.id}`}
                    onClick={() => toggle(e.id)}
                  >
                    <ChevronRightIcon className={cn("size-4 transition-transform", expanded && "rotate-90")} />
                  </button>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                  <RelativeTime date={e.createdAt} />
                </TableCell>
                <TableCell>
                  <div className="flex min-w-0 items-center gap-2">
                    <span className="max-w-56 truncate sm:max-w-40">{e.actorLabel}</span>
                    {e.actorType !== "user" && (
                      <Badge tone={ACTOR_TONE[e.actorType]}>{e.actorType === "api_token" ? "token" : "system"}</Badge>
                    )}
                  </div>
                  {/* On a phone the action and time stack under the actor instead of taking columns. */}
                  <div className="mt-1 flex items-center gap-2 text-xs text-muted-foreground sm:hidden">
                    <code className="max-w-48 truncate rounded bg-muted px-1.5 py-0.5 font-mono">{e.action}</code>
                    <RelativeTime date={e.createdAt} className="whitespace-nowrap" />
                  </div>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  <code className="inline-block max-w-52 truncate rounded bg-muted px-1.5 py-0.5 align-middle font-mono text-xs">
                    {e.action}
                  </code>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap md:table-cell">
                  <Target entry={e} href={href} onFilter={onFilter} />
                </TableCell>
                <TableCell className="hidden lg:table-cell">
                  {hasDetails(e.details) ? (
                    <code className="block max-w-40 truncate font-mono text-xs text-muted-foreground 2xl:max-w-md">
                      {JSON.stringify(e.details)}
                    </code>
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
              </TableRow>
              {expanded && (
                <TableRow className="bg-muted/30 hover:bg-muted/30" data-testid="audit-details">
                  <TableCell colSpan={6} id={`audit-details-${e.id}`} className="whitespace-normal">
                    <dl className="mb-2 grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[max-content_1fr]">
                      <dt className="text-muted-foreground">When</dt>
                      <dd>{new Date(e.createdAt).toISOString()}</dd>
                      <dt className="text-muted-foreground">Actor</dt>
                      <dd className="break-all">
                        {e.actorLabel}{" "}
                        <span className="text-muted-foreground">
                          ({e.actorType}
                          {e.actorId ? ` ${e.actorId}` : ""})
                        </span>
                      </dd>
                      <dt className="text-muted-foreground">Target</dt>
                      <dd className="break-all">
                        <Target entry={e} href={href} onFilter={onFilter} full />
                      </dd>
                    </dl>
                    {hasDetails(e.details) ? (
                      <pre className="max-h-96 overflow-auto rounded-md border bg-background p-3 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap">
                        {JSON.stringify(e.details, null, 2)}
                      </pre>
                    ) : (
                      <p className="text-xs text-muted-foreground">No details recorded.</p>
                    )}
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}

type TargetProps = { entry: AuditItem; href: string | null; onFilter: Props["onFilter"]; full?: boolean };

function Target({ entry, href, onFilter, full = false }: TargetProps) {
  const { targetType, targetId } = entry;
  return (
    <span className={cn("inline-flex items-center gap-1.5", full && "flex-wrap")}>
      {href ? (
        <Link href={href} prefetch={false} className="underline-offset-2 hover:underline" data-testid="audit-target-link">
          {targetType}
        </Link>
      ) : (
        <span className="text-muted-foreground">{targetType}</span>
      )}
      {targetId && <IdChip id={targetId} full={full} />}
      {targetId && (
        <button
          type="button"
          className="grid size-5 place-items-center rounded text-muted-foreground hover:bg-accent hover:text-foreground"
          aria-label={`Only entries about this ${targetType}`}
          title="Only entries about this target"
          onClick={() => onFilter({ targetType, targetId })}
        >
          <FilterIcon className="size-3" />
        </button>
      )}
    </span>
  );
}
