"use client";

import { useQueryClient } from "@tanstack/react-query";
import { LoaderCircleIcon } from "lucide-react";
import Link from "next/link";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { SessionStatusBadge } from "@/components/status-badge";
import { formatAbsolute, RelativeTime } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { TableCell, TableRow } from "@/components/ui/table";
import type { ScheduleItem, SessionItem } from "@/components/data/types";
import { nextFires, SCHEDULE_TIMEZONE, validateCron } from "@/lib/schedules/defaults";
import { updateScheduleAction } from "../sessions/actions";
import { categoryLabel } from "../sessions/labels";

type Props = { schedule: ScheduleItem; lastRun: SessionItem | null; canWrite: boolean };

/** The next three fire times of an expression, or why it does not parse (checked as it is typed; the server has the last word). */
function preview(cron: string): { next: Date[]; error: null } | { next: null; error: string } {
  const error = validateCron(cron.trim());
  if (error) return { next: null, error };
  try {
    return { next: nextFires(cron.trim(), new Date(), 3), error: null };
  } catch (err) {
    return { next: null, error: (err as Error).message };
  }
}

const utc = (d: Date) =>
  `${d.toLocaleString(undefined, { timeZone: SCHEDULE_TIMEZONE, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}`;

export function ScheduleRow({ schedule, lastRun, canWrite }: Props) {
  const queryClient = useQueryClient();
  const [cron, setCron] = useState(schedule.cron);
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const errorId = useId();
  const label = categoryLabel(schedule.category);
  const dirty = cron.trim() !== schedule.cron || enabled !== schedule.enabled;
  const check = preview(cron);
  const typingError = cron.trim() !== schedule.cron ? check.error : null;

  function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await updateScheduleAction({ category: schedule.category, cron: cron.trim(), enabled });
      if (!result.ok) {
        // "Invalid input at cron: Invalid cron expression: …": the field is obvious here.
        setError(result.error.message.replace(/^Invalid input at cron: /, ""));
        return;
      }
      toast.success(`${label} schedule saved`, {
        description: enabled ? `cron ${result.data.cron}` : "Paused: no scheduled runs until enabled again.",
      });
      await queryClient.invalidateQueries({ queryKey: ["schedules"] });
    });
  }

  const formId = `schedule-${schedule.category}`;
  return (
    <TableRow data-testid="schedule-row" data-category={schedule.category} data-enabled={schedule.enabled} className="align-top">
      <TableCell className="pt-3.5 font-medium">{label}</TableCell>
      <TableCell className="min-w-60">
        {canWrite ? (
          <form id={formId} onSubmit={save} className="grid gap-1">
            <Input
              value={cron}
              onChange={(e) => (setCron(e.target.value), setError(null))}
              aria-label={`Cron for ${label}`}
              aria-invalid={error || typingError ? true : undefined}
              aria-describedby={error || typingError ? errorId : undefined}
              spellCheck={false}
              autoComplete="off"
              className="h-8 w-48 font-mono text-[13px]"
            />
            {error || typingError ? (
              <p id={errorId} role="alert" className="max-w-xs text-xs text-red-600" data-testid="cron-error">
                {error ?? typingError}
              </p>
            ) : (
              <NextFires next={check.next} />
            )}
          </form>
        ) : (
          <div className="grid gap-1">
            <code className="w-fit rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{schedule.cron}</code>
            <NextFires next={check.next} />
          </div>
        )}
      </TableCell>
      <TableCell className={canWrite ? "pt-3.5" : undefined}>
        {canWrite ? (
          <Switch checked={enabled} onCheckedChange={(v) => (setEnabled(v), setError(null))} aria-label={`Enable ${label} schedule`} />
        ) : schedule.enabled ? (
          <Badge tone="green">enabled</Badge>
        ) : (
          <Badge>paused</Badge>
        )}
      </TableCell>
      <TableCell className="pt-3.5 whitespace-nowrap" data-testid="next-run">
        {schedule.enabled && schedule.nextRunAt ? (
          <RelativeTime date={schedule.nextRunAt} />
        ) : (
          <span className="text-muted-foreground">paused</span>
        )}
      </TableCell>
      <TableCell className="pt-3.5 whitespace-nowrap text-muted-foreground" data-testid="last-fired">
        {/* The stored fire time is also reset by saving a cron (it anchors the next fire); only a run that started counts here. */}
        {lastRun ? <RelativeTime date={lastRun.startedAt} /> : "never"}
      </TableCell>
      <TableCell className="pt-3 whitespace-nowrap">
        {lastRun ? (
          <Link
            href={`/sessions/${lastRun.id}`}
            prefetch={false}
            className="inline-flex items-center gap-2 hover:underline"
            aria-label={`Last ${label} scheduled run`}
          >
            <SessionStatusBadge session={lastRun} />
            <RelativeTime date={lastRun.startedAt} className="text-muted-foreground" />
          </Link>
        ) : (
          <span className="text-muted-foreground">none yet</span>
        )}
      </TableCell>
      {canWrite && (
        <TableCell className="text-right">
          <Button
            type="submit"
            form={formId}
            size="xs"
            variant={dirty ? "default" : "outline"}
            disabled={!dirty || pending}
            aria-label={`Save ${label} schedule`}
          >
            {pending && <LoaderCircleIcon className="animate-spin" />}
            Save
          </Button>
        </TableCell>
      )}
    </TableRow>
  );
}

function NextFires({ next }: { next: Date[] | null }) {
  if (!next?.length) return null;
  return (
    <p
      className="text-xs text-muted-foreground"
      data-testid="next-fires"
      suppressHydrationWarning
      title={next.map((d) => formatAbsolute(d)).join("\n")}
    >
      {SCHEDULE_TIMEZONE}: {next.map(utc).join(" · ")}
    </p>
  );
}
