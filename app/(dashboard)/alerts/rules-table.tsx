"use client";

import { LockIcon } from "lucide-react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/cn";
import { formatAbsolute, formatRelative, useNow } from "@/components/time";
import { conditionInWords, scopeLabel } from "./format";
import { DeleteRuleButton, EnabledSwitch, MuteMenu, SendTestButton } from "./rule-actions";
import { RuleDialog } from "./rule-dialog";
import type { AlertRuleItem, ScopeChoices } from "./types";

type Props = {
  rules: AlertRuleItem[];
  canWrite: boolean;
  choices: ScopeChoices;
  selected: string | null;
  onSelect: (id: string | null) => void;
};

export function RulesTable({ rules, canWrite, choices, selected, onSelect }: Props) {
  const now = useNow();
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          <TableHead>Scope</TableHead>
          <TableHead>Condition</TableHead>
          <TableHead>Destination</TableHead>
          <TableHead>Muted until</TableHead>
          <TableHead>Enabled</TableHead>
          {canWrite && <TableHead className="text-right">Actions</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.map((r) => {
          const scope = scopeLabel(r);
          return (
            <TableRow key={r.id} data-testid="alert-rule-row" data-rule-name={r.name} className={cn(selected === r.id && "bg-accent/60")}>
              <TableCell className="font-medium">
                <button
                  type="button"
                  className="text-left hover:underline"
                  title="Show this rule's deliveries"
                  onClick={() => onSelect(selected === r.id ? null : r.id)}
                >
                  {r.name}
                </button>
              </TableCell>
              <TableCell className="max-w-52">
                <span className="block truncate text-[13px]" title={scope.name ?? undefined}>
                  {scope.name ?? scope.kind}
                </span>
                {scope.name && <span className="block text-xs text-muted-foreground">{scope.kind}</span>}
              </TableCell>
              <TableCell className="whitespace-nowrap text-[13px]">{conditionInWords(r)}</TableCell>
              <TableCell className="max-w-52">
                <span className="block truncate font-mono text-xs" title={r.destinationHost}>
                  {r.destinationHost}
                </span>
                <span className="flex items-center gap-1 text-xs text-muted-foreground">
                  {r.destination === "slack" ? "Slack" : "Webhook"}
                  {r.hasSigningSecret && (
                    <>
                      {" · signed"}
                      <LockIcon className="size-3" aria-hidden />
                    </>
                  )}
                </span>
              </TableCell>
              <TableCell className="whitespace-nowrap text-[13px]" data-testid="muted-until">
                {r.mutedUntil ? (
                  <span className="text-amber-800" title={`Muted until ${formatAbsolute(r.mutedUntil)}`}>
                    {formatRelative(r.mutedUntil, now)}
                  </span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell>
                {canWrite ? (
                  <EnabledSwitch rule={r} />
                ) : (
                  <span className={r.enabled ? "text-emerald-700" : "text-muted-foreground"}>{r.enabled ? "Enabled" : "Disabled"}</span>
                )}
              </TableCell>
              {canWrite && (
                <TableCell>
                  <div className="flex items-center justify-end gap-1.5">
                    <SendTestButton rule={r} onSent={() => onSelect(r.id)} />
                    <MuteMenu rule={r} />
                    <RuleDialog choices={choices} rule={r} />
                    <DeleteRuleButton rule={r} />
                  </div>
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
