"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeftIcon, HistoryIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { useLiveRefetchInterval } from "@/components/live/live-updates";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { RelativeTime } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { AccountBadges, Memberships } from "@/components/synced-data/account-badges";
import { ChangeAttributes, ChangeBadge } from "@/components/synced-data/change-list";
import { formatValue } from "@/components/synced-data/format";
import { accountQuery } from "@/components/synced-data/queries";
import type { AccountDetail } from "@/components/synced-data/types";

/** Privileges keys shown as their own fields rather than as grants. */
const NOT_GRANTS = new Set(["bypassRls", "inherit", "adminOf", "locked", "passwordExpired"]);

export function AccountClient({ initialAccount }: { initialAccount: AccountDetail }) {
  const { data: a, error } = useQuery({
    ...accountQuery(initialAccount.id),
    initialData: initialAccount,
    refetchInterval: useLiveRefetchInterval(),
  });
  const grants = Object.entries(a.privileges).filter(([k]) => !NOT_GRANTS.has(k));
  return (
    <>
      <Link href="/accounts" className="mb-3 inline-flex items-center gap-1 text-[13px] text-muted-foreground hover:text-foreground">
        <ChevronLeftIcon className="size-4" />
        Accounts
      </Link>
      <PageHeader
        title={a.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={a.kind === "user" ? "blue" : "neutral"}>{a.kind}</Badge>
            on
            <Link href={`/instances/${a.instanceId}`} className="font-medium text-foreground hover:underline">
              {a.instanceName}
            </Link>
            {a.deletedAt && (
              <Badge tone="red">
                deleted <RelativeTime date={a.deletedAt} />
              </Badge>
            )}
          </span>
        }
      />
      <QueryError error={error} />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,22rem)_1fr]">
        <Card className="overflow-hidden" data-testid="account-attributes">
          <CardHeader>
            <CardTitle>Attributes</CardTitle>
          </CardHeader>
          <dl className="grid gap-3 px-4 py-3 text-[13px]">
            <Field label="Attributes">
              <AccountBadges account={a} />
            </Field>
            <Field label="Member of">
              <Memberships memberOf={a.memberOf} adminOf={a.adminOf} />
            </Field>
            {a.inherit !== null && <Field label="Inherits privileges of its roles">{a.inherit ? "yes" : "no"}</Field>}
            <Field label="Connection limit">{a.connectionLimit < 0 ? "none" : a.connectionLimit}</Field>
            <Field label="Valid until">{a.validUntil === null ? "never set" : a.validUntil}</Field>
            <Field label="Grants">
              {grants.length === 0 ? (
                <span className="text-muted-foreground">—</span>
              ) : (
                <ul className="grid gap-1" data-testid="account-grants">
                  {grants.map(([k, v]) => (
                    <li key={k}>
                      <span className="text-xs text-muted-foreground">{k}</span>
                      {k === "tables" ? <TableGrants value={v} /> : <Grants value={v} />}
                    </li>
                  ))}
                </ul>
              )}
            </Field>
            {a.inherited.roles.length > 0 && (
              <Field label={`Available through ${a.inherited.roles.join(", ")} (derived)`}>
                <InheritedGrants inherited={a.inherited} disabled={a.inherit === false} />
              </Field>
            )}
            <Field label="First seen">
              <RelativeTime date={a.firstSeenAt} />
            </Field>
            <Field label="Last changed">
              <RelativeTime date={a.lastChangedAt} />
            </Field>
            <Field label="Last synced">
              <RelativeTime date={a.lastSyncedAt} />
            </Field>
          </dl>
        </Card>
        <Card className="overflow-hidden" data-testid="account-timeline">
          <CardHeader>
            <CardTitle>Changes across runs</CardTitle>
            <span className="text-xs text-muted-foreground tabular-nums">
              {a.timeline.length} change{a.timeline.length === 1 ? "" : "s"}
            </span>
          </CardHeader>
          {a.timeline.length === 0 ? (
            <EmptyState icon={HistoryIcon} title="No changes recorded">
              Account syncs record a change when this account is created, altered or dropped upstream.
            </EmptyState>
          ) : (
            <ol className="divide-y">
              {a.timeline.map((c) => (
                <li
                  key={`${c.sessionId}-${c.recordId}`}
                  className="grid gap-1.5 px-4 py-3 sm:grid-cols-[9rem_1fr]"
                  data-testid="timeline-entry"
                  data-change={c.change}
                >
                  <div className="flex items-center gap-2 sm:flex-col sm:items-start">
                    <ChangeBadge change={c.change} />
                    <Link href={`/sessions/${c.sessionId}`} className="text-xs text-muted-foreground hover:text-foreground hover:underline">
                      <RelativeTime date={c.at} />
                    </Link>
                  </div>
                  <ChangeAttributes change={c} />
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

/** A grants object ({ database: [privileges] }) or list, one line each. */
function Grants({ value }: { value: unknown }) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <div className="text-muted-foreground">none</div>;
    return (
      <ul className="font-mono text-xs">
        {entries.map(([on, privs]) => (
          <li key={on}>
            <span className="font-medium">{on}</span>: {formatValue(privs)}
          </li>
        ))}
      </ul>
    );
  }
  return <div className="font-mono text-xs">{formatValue(value)}</div>;
}

/** Table and column grants, one line per schema: "3 tables: SELECT, UPDATE · 2 columns: UPDATE". */
function TableGrants({ value }: { value: unknown }) {
  const entries = Object.entries(
    (value ?? {}) as Record<string, { tables?: number; privileges?: string[]; columns?: number; columnPrivileges?: string[] }>,
  );
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return (
    <ul className="font-mono text-xs" data-testid="table-grants">
      {entries.map(([schema, t]) => (
        <li key={schema}>
          <span className="font-medium">{schema}</span>:{" "}
          {[
            t.tables ? `${plural(t.tables, "table")}: ${(t.privileges ?? []).join(", ")}` : null,
            t.columns ? `${plural(t.columns, "column")}: ${(t.columnPrivileges ?? []).join(", ")}` : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </li>
      ))}
    </ul>
  );
}

/** What the account holds through its roles; shown apart from its own grants. */
function InheritedGrants({ inherited, disabled }: { inherited: AccountDetail["inherited"]; disabled: boolean }) {
  if (disabled) return <div className="text-muted-foreground">NOINHERIT: only after SET ROLE</div>;
  const parts: [string, unknown][] = [
    ["global", inherited.global],
    ["databases", inherited.databases],
    ["schemas", inherited.schemas],
  ].filter(([, v]) => (Array.isArray(v) ? v.length > 0 : Object.keys(v as object).length > 0)) as [string, unknown][];
  return (
    <ul className="grid gap-1" data-testid="inherited-grants">
      {inherited.superuser && (
        <li>
          <Badge tone="red">one of its roles is a superuser</Badge>
        </li>
      )}
      {parts.length === 0 && !inherited.superuser && <li className="text-muted-foreground">no grants through its roles</li>}
      {parts.map(([k, v]) => (
        <li key={k}>
          <span className="text-xs text-muted-foreground">{k}</span>
          <Grants value={v} />
        </li>
      ))}
    </ul>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
