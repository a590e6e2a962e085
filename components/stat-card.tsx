import type { LucideIcon } from "lucide-react";
import { cn } from "@/components/cn";
import { Card } from "@/components/ui/card";

type Props = {
  icon: LucideIcon;
  label: string;
  value: React.ReactNode;
  hint: React.ReactNode;
  tone?: "red" | "amber" | "green";
  testId?: string;
};

const TONE = { red: "text-red-600", amber: "text-amber-700", green: "text-emerald-700" } as const;

/** One headline number with a label and a one-line hint. */
export function StatCard({ icon: Icon, label, value, hint, tone, testId }: Props) {
  return (
    <Card className="px-4 py-3.5" data-testid={testId}>
      <div className="flex items-center justify-between text-xs font-medium text-muted-foreground">
        {label}
        <Icon className="size-4" />
      </div>
      <p className={cn("mt-1.5 text-2xl font-semibold tracking-tight tabular-nums", tone && TONE[tone])}>{value}</p>
      <p className="mt-0.5 text-xs text-muted-foreground">{hint}</p>
    </Card>
  );
}
