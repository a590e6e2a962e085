import { SearchXIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function InstanceNotFound() {
  return (
    <Card>
      <EmptyState icon={SearchXIcon} title="Instance not found">
        <p>It may have been deleted, or the link is wrong.</p>
        <Button asChild variant="outline" size="sm" className="mt-4">
          <Link href="/instances">Back to instances</Link>
        </Button>
      </EmptyState>
    </Card>
  );
}
