import { SearchXIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function SessionNotFound() {
  return (
    <Card>
      <EmptyState icon={SearchXIcon} title="Sync session not found">
        <p>It may have been removed by retention cleanup, or the link is wrong.</p>
        <Button asChild variant="outline" size="sm" className="mt-4">
          <Link href="/sessions">Back to sync sessions</Link>
        </Button>
      </EmptyState>
    </Card>
  );
}
