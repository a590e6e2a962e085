"use client";

import { AlertTriangleIcon } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function DashboardError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <Card>
      <EmptyState icon={AlertTriangleIcon} title="This page could not load">
        <p>Something went wrong on our side; it has been logged.</p>
        <Button variant="outline" size="sm" className="mt-4" onClick={() => retry()}>
          Try again
        </Button>
      </EmptyState>
    </Card>
  );
}
