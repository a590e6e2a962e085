"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { FAILURE_CLASS_LABELS, FAILURE_CLASSES, type FailureClass } from "@/lib/failures/classes";

const ANY = "any";

/** A "Failure: <class>" select for list filters; null means any. */
export function FailureClassFilter({
  value,
  onChange,
  label = "Failure",
}: {
  value: FailureClass | null;
  onChange: (value: FailureClass | null) => void;
  label?: string;
}) {
  return (
    <Select value={value ?? ANY} onValueChange={(v) => onChange(v === ANY ? null : (v as FailureClass))}>
      <SelectTrigger aria-label={`${label} class`} size="sm" className={value ? "border-zinc-400 bg-zinc-50" : undefined}>
        <span className="text-muted-foreground">{label}:</span>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ANY}>Any class</SelectItem>
        {FAILURE_CLASSES.map((c) => (
          <SelectItem key={c} value={c}>
            {FAILURE_CLASS_LABELS[c]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
