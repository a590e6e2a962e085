import { SearchXIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function AccountNotFound() {
  return (
    <Card>
      <EmptyState icon={SearchXIcon} title="Account not found">
        <p>Its instance may have been deleted, or the link is wrong.</p>
        <Button asChild variant="outline" size="sm" className="mt-4">
          <Link href="/accounts">Back to accounts</Link>
        </Button>
      </EmptyState>
    </Card>
  );
}
