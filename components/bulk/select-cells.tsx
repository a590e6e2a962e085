"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { TableCell, TableHead } from "@/components/ui/table";
import type { BulkSelection } from "./use-bulk-selection";

export type RowSelection = Pick<BulkSelection, "pageState" | "isSelected" | "toggle" | "togglePage">;

/** The header checkbox: ticks or clears every row on screen. */
export function SelectAllHead({ selection, label }: { selection: RowSelection; label: string }) {
  return (
    <TableHead className="w-9 pr-0">
      <Checkbox
        checked={selection.pageState}
        onCheckedChange={(c) => selection.togglePage(c === true)}
        aria-label={label}
        data-testid="select-page"
      />
    </TableHead>
  );
}

export function SelectRowCell({ selection, id, label }: { selection: RowSelection; id: string; label: string }) {
  return (
    <TableCell className="w-9 pr-0" onClick={(e) => e.stopPropagation()}>
      <Checkbox
        checked={selection.isSelected(id)}
        onCheckedChange={(c) => selection.toggle(id, c === true)}
        aria-label={label}
        data-testid="select-row"
      />
    </TableCell>
  );
}
