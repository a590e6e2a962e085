"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/cn";
import { shortId } from "@/components/short-id";

type Props = { id: string; className?: string /** Show the whole id instead of its tail. */; full?: boolean; copy?: boolean };

/** An id as people read it: its distinguishing tail, the full id on hover, and a copy button. */
export function IdChip({ id, className, full = false, copy = true }: Props) {
  const [copied, setCopied] = useState(false);
  return (
    <span className={cn("inline-flex items-center gap-0.5 align-middle", className)} data-testid="id-chip" data-id={id}>
      <span className="font-mono text-xs" title={id}>
        {full ? id : `…${shortId(id)}`}
      </span>
      {copy && (
        <button
          type="button"
          className="grid size-5 place-items-center rounded text-muted-foreground hover:bg-accent hover:text-foreground"
          aria-label={`Copy id ${id}`}
          title="Copy id"
          onClick={async (e) => {
            e.preventDefault();
            e.stopPropagation();
            await navigator.clipboard?.writeText(id).catch(() => null);
            setCopied(true);
            setTimeout(() => setCopied(false), 1_500);
          }}
        >
          {copied ? <CheckIcon className="size-3 text-emerald-600" /> : <CopyIcon className="size-3" />}
        </button>
      )}
    </span>
  );
}
