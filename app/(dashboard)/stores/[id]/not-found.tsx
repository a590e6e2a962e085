import { SearchXIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function StoreNotFound() {
  return (
    <Card>
      <EmptyState icon={SearchXIcon} title="Store not found">
        <p>Stores come from a game server&apos;s directory; the link may be wrong.</p>
        <Button asChild variant="outline" size="sm" className="mt-4">
          <Link href="/bindings">Back to bindings</Link>
        </Button>
      </EmptyState>
    </Card>
  );
}
