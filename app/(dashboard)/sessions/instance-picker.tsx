"use client";

import { Checkbox } from "@/components/ui/checkbox";
import type { InstanceItem } from "@/components/data/types";

const KIND: Record<string, string> = { postgres: "PostgreSQL", mysql: "MySQL" };

export type Selection = "all" | Set<string>;

type Props = { instances: InstanceItem[]; selection: Selection; onChange: (s: Selection) => void };

/** "All enabled instances" by default; unticking one switches to an explicit list. */
export function InstancePicker({ instances, selection, onChange }: Props) {
  const isChecked = (id: string) => selection === "all" || selection.has(id);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selection === "all" ? instances.map((i) => i.id) : selection);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next.size === instances.length ? "all" : next);
  };
  const allState = selection === "all" ? true : selection.size > 0 ? "indeterminate" : false;

  if (instances.length === 0) {
    return (
      <p className="rounded-md border border-dashed px-3 py-4 text-center text-[13px] text-muted-foreground">
        No enabled PostgreSQL or MySQL instance to sync.
      </p>
    );
  }
  return (
    <fieldset className="grid gap-1.5">
      <legend className="mb-1.5 text-[13px] font-medium">Instances</legend>
      <div className="overflow-hidden rounded-md border">
        <label className="flex cursor-pointer items-center gap-2.5 border-b bg-muted/60 px-3 py-2 text-[13px] font-medium">
          <Checkbox
            checked={allState}
            onCheckedChange={(c) => onChange(c === true ? "all" : new Set())}
            aria-label="All enabled instances"
          />
          All enabled instances
          <span className="ml-auto text-xs font-normal tabular-nums text-muted-foreground">{instances.length}</span>
        </label>
        <ul className="max-h-56 overflow-y-auto">
          {instances.map((i) => (
            <li key={i.id}>
              <label className="flex cursor-pointer items-center gap-2.5 px-3 py-1.5 text-[13px] hover:bg-muted/50">
                <Checkbox checked={isChecked(i.id)} onCheckedChange={(c) => toggle(i.id, c === true)} aria-label={i.name} />
                <span className="font-medium">{i.name}</span>
                <span className="rounded bg-muted px-1 py-px text-[11px] font-medium text-muted-foreground">{KIND[i.kind] ?? i.kind}</span>
                <span className="ml-auto truncate font-mono text-xs text-muted-foreground">{i.endpoint}</span>
              </label>
            </li>
          ))}
        </ul>
      </div>
    </fieldset>
  );
}
