import { AlertTriangleIcon } from "lucide-react";

/** A failed fetch, shown by its safe message; the live stream or polling will retry. */
export function QueryError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <div role="alert" className="flex items-center gap-2 border-b border-red-200 bg-red-50 px-4 py-2 text-[13px] text-red-700">
      <AlertTriangleIcon className="size-4 shrink-0" />
      {error.message}
    </div>
  );
}
