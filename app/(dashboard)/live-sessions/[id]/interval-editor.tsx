"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CheckIcon, LoaderCircleIcon, PencilIcon, XIcon } from "lucide-react";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { formatSeconds, STREAM_LABEL } from "@/components/live-sync/format";
import type { LiveSessionDetail, Stream } from "@/components/live-sync/types";
import { updateStreamIntervalsAction } from "../actions";
import { refreshLiveSession } from "../controls";

type Props = { session: Pick<LiveSessionDetail, "id" | "version" | "intervals">; stream: Stream; canControl: boolean };

/** "every 5 s", and for ops an inline editor of the seconds between ticks (1–3600). */
export function IntervalEditor({ session, stream, canControl }: Props) {
  const queryClient = useQueryClient();
  const current = session.intervals[stream];
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(String(current));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const errorId = useId();
  const label = STREAM_LABEL[stream];

  if (!editing) {
    return (
      <span
        className="inline-flex items-center gap-1 text-xs text-muted-foreground"
        data-testid={`interval-${stream}`}
        data-seconds={current}
      >
        every <span className="font-medium text-foreground tabular-nums">{formatSeconds(current)}</span>
        {canControl && (
          <Button
            variant="ghost"
            size="icon"
            className="size-6 [&_svg]:size-3.5"
            aria-label={`Edit ${label} interval`}
            onClick={() => (setValue(String(current)), setError(null), setEditing(true))}
          >
            <PencilIcon />
          </Button>
        )}
      </span>
    );
  }

  function save(event: React.FormEvent) {
    event.preventDefault();
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
      setError("Whole seconds, 1 to 3600");
      return;
    }
    if (seconds === current) return setEditing(false);
    startTransition(async () => {
      const result = await updateStreamIntervalsAction({
        liveSessionId: session.id,
        intervals: { [stream]: seconds },
        expectedVersion: session.version,
      });
      if (result.ok) {
        toast.success(`${label} now every ${formatSeconds(seconds)}`, { description: "The next tick uses the new interval." });
        setEditing(false);
      } else if (result.status === 412) {
        toast.error("This live session changed meanwhile", {
          description: `${result.error.message}. The page now shows its current state.`,
        });
        setEditing(false);
      } else {
        setError(result.error.message);
      }
      await refreshLiveSession(queryClient, session.id);
    });
  }

  return (
    <form onSubmit={save} className="relative flex items-center gap-1">
      <Input
        type="number"
        min={1}
        max={3600}
        step={1}
        value={value}
        onChange={(e) => (setValue(e.target.value), setError(null))}
        onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
        aria-label={`${label} interval in seconds`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        autoFocus
        className="h-7 w-20 px-2 text-xs tabular-nums"
      />
      <span className="text-xs text-muted-foreground">s</span>
      <Button type="submit" size="icon" className="size-7 [&_svg]:size-3.5" disabled={pending} aria-label={`Save ${label} interval`}>
        {pending ? <LoaderCircleIcon className="animate-spin" /> : <CheckIcon />}
      </Button>
      <Button
        type="button"
        variant="ghost"
        size="icon"
        className="size-7 [&_svg]:size-3.5"
        disabled={pending}
        onClick={() => setEditing(false)}
        aria-label="Cancel"
      >
        <XIcon />
      </Button>
      {error && (
        <p
          id={errorId}
          role="alert"
          className="absolute top-full right-0 z-10 mt-1 rounded border border-red-200 bg-red-50 px-2 py-1 text-xs whitespace-nowrap text-red-700 shadow-sm"
        >
          {error}
        </p>
      )}
    </form>
  );
}
