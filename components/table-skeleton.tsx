import { Skeleton } from "@/components/ui/skeleton";
import { TableCell, TableRow } from "@/components/ui/table";

/** Placeholder rows while a table's first page loads. */
export function TableSkeleton({ rows = 6, columns }: { rows?: number; columns: number }) {
  return Array.from({ length: rows }, (_, r) => (
    <TableRow key={r} className="hover:bg-transparent">
      {Array.from({ length: columns }, (_, c) => (
        <TableCell key={c}>
          <Skeleton className="h-4" style={{ width: `${40 + ((r * 7 + c * 13) % 50)}%` }} />
        </TableCell>
      ))}
    </TableRow>
  ));
}
