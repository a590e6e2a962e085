import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * A list page's placeholder, as the loading.tsx of segments without a detail page below them.
 * Not at the dashboard's root: a Suspense boundary there streams every page, so a detail page's
 * notFound() would answer 200 instead of 404.
 */
export function PageSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading">
      <Skeleton className="h-7 w-48" />
      <Skeleton className="mt-2 mb-5 h-4 w-80" />
      <Card className="overflow-hidden">
        <div className="border-b bg-muted/60 px-4 py-3">
          <Skeleton className="h-4 w-64" />
        </div>
        <div className="divide-y">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="flex gap-6 px-4 py-3">
              <Skeleton className="h-4 w-24" />
              <Skeleton className="h-4 flex-1" />
              <Skeleton className="h-4 w-16" />
            </div>
          ))}
        </div>
      </Card>
    </div>
  );
}
