"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const CATEGORIES = [
  { value: "account", label: "Accounts — roles, attributes, privileges", ready: true },
  { value: "capacity", label: "Capacity — database sizes", ready: false },
  { value: "config", label: "Config — server settings", ready: false },
];

export function CategorySelect({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger id={id}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {CATEGORIES.map((c) => (
          <SelectItem key={c.value} value={c.value} disabled={!c.ready}>
            {c.label}
            {!c.ready && <span className="ml-1.5 text-xs text-muted-foreground">(coming soon)</span>}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
