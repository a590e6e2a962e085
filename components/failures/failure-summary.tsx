import { ChevronRightIcon } from "lucide-react";
import { cn } from "@/components/cn";
import { FailureClassBadge } from "./failure-class-badge";

/**
 * A failure as operators read it: the class, a one-line message, and the raw error (secrets
 * already removed on the server) behind a disclosure.
 */
export function FailureSummary({
  failureClass,
  message,
  detail,
  tone = "red",
  className,
}: {
  failureClass: string | null | undefined;
  message: string | null | undefined;
  detail: string | null | undefined;
  tone?: "red" | "amber";
  className?: string;
}) {
  if (!message && !failureClass) return null;
  return (
    <div className={cn("grid gap-1 text-xs", className)} data-testid="failure-summary">
      <p className={cn("break-words", tone === "red" ? "text-red-700" : "text-amber-900")}>
        <FailureClassBadge failureClass={failureClass} className="mr-1.5 align-[1px]" />
        <span data-testid="failure-message">{message}</span>
      </p>
      {detail && <RawErrorDetail detail={detail} />}
    </div>
  );
}

/** The raw error behind a failure message, collapsed until asked for; secrets were removed on the server. */
export function RawErrorDetail({ detail, className }: { detail: string; className?: string }) {
  return (
    <details className={cn("group text-xs", className)} data-testid="failure-detail">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1 rounded text-muted-foreground outline-none select-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/30 [&::-webkit-details-marker]:hidden">
        <ChevronRightIcon className="size-3.5 transition-transform group-open:rotate-90" />
        Raw error
      </summary>
      <pre className="mt-1 max-h-56 overflow-auto rounded-md border bg-muted/60 px-2.5 py-2 font-mono text-[11px] leading-relaxed break-words whitespace-pre-wrap text-foreground">
        {detail}
      </pre>
    </details>
  );
}
