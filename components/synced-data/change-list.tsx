import { ArrowRightIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatBytes, formatValue } from "./format";
import type { ChangeItem } from "./types";

const TONE = { created: "green", updated: "blue", deleted: "red" } as const;

export function ChangeBadge({ change }: { change: ChangeItem["change"] }) {
  return <Badge tone={TONE[change]}>{change}</Badge>;
}

/** Each changed attribute as before → after; lists as what was added and removed. */
export function ChangeAttributes({ change }: { change: ChangeItem }) {
  if (change.attributes.length === 0) return <span className="text-xs text-muted-foreground">—</span>;
  return (
    <ul className="grid gap-0.5 text-xs" data-testid="change-attributes">
      {change.attributes.map((a) => (
        <li key={a.name} className="flex flex-wrap items-baseline gap-x-1.5" data-testid="change-attribute" data-attribute={a.name}>
          <span className="font-medium">{a.name}:</span>
          {a.added || a.removed ? (
            <span className="font-mono">
              {(a.added ?? []).map((x) => (
                <span key={`+${formatValue(x)}`} className="mr-1 text-emerald-700">
                  +{formatValue(x)}
                </span>
              ))}
              {(a.removed ?? []).map((x) => (
                <span key={`-${formatValue(x)}`} className="mr-1 text-red-600">
                  −{formatValue(x)}
                </span>
              ))}
              {(a.added ?? []).length === 0 && (a.removed ?? []).length === 0 && (
                <span className="text-muted-foreground">
                  {formatValue(a.before)} → {formatValue(a.after)}
                </span>
              )}
            </span>
          ) : (
            <span className="inline-flex flex-wrap items-baseline gap-1 font-mono">
              <span className={change.change === "created" ? "text-muted-foreground" : "text-red-600 line-through decoration-red-300"}>
                {formatValue(a.before, a.name)}
              </span>
              <ArrowRightIcon className="size-3 self-center text-muted-foreground" aria-label="to" />
              <span className={change.change === "deleted" ? "text-muted-foreground" : "text-emerald-700"}>
                {formatValue(a.after, a.name)}
              </span>
              {a.delta !== undefined && (
                <span className="text-muted-foreground">
                  ({a.delta >= 0 ? "+" : ""}
                  {formatBytes(a.delta)})
                </span>
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
