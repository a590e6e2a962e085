import { ScrollTextIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditItem } from "@/components/data/types";

const ACTOR_TONE = { user: "neutral", api_token: "blue", system: "violet" } as const;

export function AuditTable({ entries }: { entries: AuditItem[] }) {
  if (entries.length === 0)
    return (
      <EmptyState icon={ScrollTextIcon} title="Nothing recorded yet">
        Changes to sessions and instances appear here.
      </EmptyState>
    );
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>When</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Details</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((e) => (
          <TableRow key={e.id} data-testid="audit-row" data-action={e.action}>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              <RelativeTime date={e.createdAt} />
            </TableCell>
            <TableCell>
              <div className="flex items-center gap-2">
                <span className="max-w-56 truncate">{e.actorLabel}</span>
                {e.actorType !== "user" && <Badge tone={ACTOR_TONE[e.actorType]}>{e.actorType === "api_token" ? "token" : "system"}</Badge>}
              </div>
            </TableCell>
            <TableCell>
              <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{e.action}</code>
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <span className="text-muted-foreground">{e.targetType}</span>
              {e.targetId && <TargetId type={e.targetType} id={e.targetId} />}
            </TableCell>
            <TableCell className="max-w-md">
              <Details value={e.details} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function TargetId({ type, id }: { type: string; id: string }) {
  const short = id.length > 12 ? `${id.slice(0, 8)}…` : id;
  const className = "ml-1.5 font-mono text-xs";
  if (type === "sync_session") {
    return (
      <Link href={`/sessions/${id}`} prefetch={false} className={`${className} underline-offset-2 hover:underline`} title={id}>
        {short}
      </Link>
    );
  }
  return (
    <span className={className} title={id}>
      {short}
    </span>
  );
}

function Details({ value }: { value: unknown }) {
  if (value === null || value === undefined || (typeof value === "object" && Object.keys(value).length === 0)) {
    return <span className="text-muted-foreground">—</span>;
  }
  const json = JSON.stringify(value);
  return (
    <code className="block truncate font-mono text-xs text-muted-foreground" title={JSON.stringify(value, null, 2)}>
      {json}
    </code>
  );
}
