import { Badge } from "@/components/ui/badge";

const TONE = { get: "blue", post: "green", put: "amber", patch: "violet", delete: "red" } as const;

export function MethodBadge({ method }: { method: string }) {
  const tone = TONE[method as keyof typeof TONE] ?? "neutral";
  return (
    <Badge tone={tone} className="w-16 justify-center font-mono text-[11px] tracking-wide uppercase">
      {method}
    </Badge>
  );
}
