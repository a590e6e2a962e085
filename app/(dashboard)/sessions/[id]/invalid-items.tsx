import { ChevronRightIcon } from "lucide-react";
import type { InstanceRecordItem } from "@/components/data/types";

type InvalidItem = NonNullable<NonNullable<InstanceRecordItem["details"]>["invalidItems"]>[number];

/** Upstream items that failed validation and were skipped; the rest of the instance synced. */
export function InvalidItems({ items }: { items: InvalidItem[] }) {
  return (
    <details className="group mt-1 text-xs" data-testid="invalid-items">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1 rounded font-medium text-amber-800 outline-none select-none hover:text-amber-900 focus-visible:ring-2 focus-visible:ring-ring/30 [&::-webkit-details-marker]:hidden">
        <ChevronRightIcon className="size-3.5 transition-transform group-open:rotate-90" />
        {items.length} invalid item{items.length === 1 ? "" : "s"} skipped
      </summary>
      <ul className="mt-1.5 max-h-48 divide-y overflow-y-auto rounded-md border border-amber-200 bg-amber-50/60">
        {items.map((it, i) => (
          <li key={`${it.item}-${i}`} className="grid gap-0.5 px-2.5 py-1.5">
            <code className="font-mono break-all text-foreground">{it.item}</code>
            <span className="break-words text-amber-900">{it.error}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
