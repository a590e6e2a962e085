import { Badge } from "@/components/ui/badge";
import { FAILURE_CLASS_LABELS, isFailureClass } from "@/lib/failures/classes";

const TONES = {
  network: "amber",
  timeout: "amber",
  auth: "red",
  permission: "red",
  upstream_data: "violet",
  internal: "neutral",
} as const;

/** Why something failed, as a small pill: network, authentication, timeout, permission, upstream data, internal. */
export function FailureClassBadge({ failureClass, className }: { failureClass: string | null | undefined; className?: string }) {
  if (!isFailureClass(failureClass)) return null;
  return (
    <Badge tone={TONES[failureClass]} data-testid="failure-class" data-failure-class={failureClass} className={className}>
      {FAILURE_CLASS_LABELS[failureClass]}
    </Badge>
  );
}
