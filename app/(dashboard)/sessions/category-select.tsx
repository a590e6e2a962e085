"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { RunnableCategory } from "@/lib/domain/values";

export type { RunnableCategory };

const CATEGORIES = [
  { value: "account", label: "Accounts — roles, attributes, privileges", ready: true },
  { value: "capacity", label: "Capacity — database and schema sizes", ready: true },
  { value: "config", label: "Config — server settings", ready: true },
  { value: "other", label: "Other", ready: false },
];

export function CategorySelect({ id, value, onChange }: { id: string; value: RunnableCategory; onChange: (v: RunnableCategory) => void }) {
  return (
    <Select value={value} onValueChange={(v) => onChange(v as RunnableCategory)}>
      <SelectTrigger id={id}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {CATEGORIES.map((c) => (
          <SelectItem key={c.value} value={c.value} disabled={!c.ready}>
            {c.label}
            {!c.ready && <span className="ml-1.5 text-xs text-muted-foreground">(reserved)</span>}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
