import { SearchXIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function LiveSessionNotFound() {
  return (
    <Card>
      <EmptyState icon={SearchXIcon} title="Live session not found">
        <p>The link may be wrong; live sessions stay listed after their account is unbound.</p>
        <Button asChild variant="outline" size="sm" className="mt-4">
          <Link href="/live-sessions">Back to live sessions</Link>
        </Button>
      </EmptyState>
    </Card>
  );
}
