"use client";

import { useQueryClient } from "@tanstack/react-query";
import { LoaderCircleIcon, SendIcon, Trash2Icon } from "lucide-react";
import { useOptimistic, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { deleteAlertRuleAction, getAlertDeliveryAction, muteAlertRuleAction, sendTestAlertAction, updateAlertRuleAction } from "./actions";
import type { AlertDeliveryItem, AlertRuleItem } from "./types";

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["alert-rules"] }),
      queryClient.invalidateQueries({ queryKey: ["alert-deliveries"] }),
    ]);
}

export function EnabledSwitch({ rule }: { rule: AlertRuleItem }) {
  const refresh = useRefresh();
  const [pending, startTransition] = useTransition();
  const [enabled, setOptimistic] = useOptimistic(rule.enabled);
  return (
    <Switch
      checked={enabled}
      disabled={pending}
      aria-label={`Enable ${rule.name}`}
      onCheckedChange={(next) =>
        startTransition(async () => {
          setOptimistic(next);
          const result = await updateAlertRuleAction({ ruleId: rule.id, expectedVersion: rule.version, enabled: next });
          if (!result.ok) toast.error(`Could not ${next ? "enable" : "disable"} ${rule.name}`, { description: result.error.message });
          await refresh();
        })
      }
    />
  );
}

const MUTES = [
  { value: "1", label: "Mute for 1 h" },
  { value: "24", label: "Mute for 24 h" },
  { value: String(24 * 7), label: "Mute for 7 d" },
];

export function MuteMenu({ rule }: { rule: AlertRuleItem }) {
  const refresh = useRefresh();
  const [pending, startTransition] = useTransition();
  const choose = (value: string) =>
    startTransition(async () => {
      const until = value === "unmute" ? null : new Date(Date.now() + Number(value) * 3_600_000).toISOString();
      const result = await muteAlertRuleAction({ ruleId: rule.id, until });
      if (!result.ok) toast.error(`Could not change the mute of ${rule.name}`, { description: result.error.message });
      else toast.success(until ? `${rule.name} muted until ${new Date(until).toLocaleString()}` : `${rule.name} unmuted`);
      await refresh();
    });
  return (
    <Select value="" onValueChange={choose} disabled={pending}>
      <SelectTrigger size="sm" aria-label={`Mute ${rule.name}`} className="w-[88px]">
        <SelectValue placeholder={rule.mutedUntil ? "Muted" : "Mute"} />
      </SelectTrigger>
      <SelectContent>
        {MUTES.map((m) => (
          <SelectItem key={m.value} value={m.value}>
            {m.label}
          </SelectItem>
        ))}
        {rule.mutedUntil && <SelectItem value="unmute">Unmute now</SelectItem>}
      </SelectContent>
    </Select>
  );
}

/** Polls the test delivery until its first outcome: delivered, failed, or a failed attempt being retried. */
async function firstOutcome(id: string): Promise<AlertDeliveryItem> {
  const until = Date.now() + 25_000;
  for (;;) {
    const result = await getAlertDeliveryAction(id);
    const d = result.ok ? (result.data as AlertDeliveryItem | null) : null;
    if (d && (d.status !== "pending" || d.attempts > 0)) return d;
    if (Date.now() > until) throw new Error("No answer yet; the delivery log will show the outcome");
    await new Promise((r) => setTimeout(r, 400));
  }
}

export function SendTestButton({ rule, onSent }: { rule: AlertRuleItem; onSent: () => void }) {
  const refresh = useRefresh();
  const [pending, startTransition] = useTransition();
  const send = () =>
    startTransition(async () => {
      const result = await sendTestAlertAction({ ruleId: rule.id });
      if (!result.ok) {
        toast.error("Could not send a test", { description: result.error.message });
        return;
      }
      onSent();
      await refresh();
      const outcome = firstOutcome(result.data.id).then((d) => {
        if (d.status === "failed" || d.status === "pending")
          throw new Error(`${d.lastError ?? "Failed"}${d.status === "pending" ? ` — attempt ${d.attempts} of 5, retrying` : ""}`);
        return d;
      });
      toast.promise(outcome, {
        loading: `Sending a test to ${rule.destinationHost}…`,
        success: (d) => `Test delivered to ${rule.destinationHost} (HTTP ${d.responseStatus})`,
        error: (e: Error) => ({ message: `Test to ${rule.destinationHost} not delivered`, description: e.message }),
      });
      await outcome.catch(() => {});
      await refresh();
    });
  return (
    <Button variant="outline" size="xs" onClick={send} disabled={pending}>
      {pending ? <LoaderCircleIcon className="animate-spin" /> : <SendIcon />}
      Send test
    </Button>
  );
}

export function DeleteRuleButton({ rule }: { rule: AlertRuleItem }) {
  const refresh = useRefresh();
  const [pending, startTransition] = useTransition();
  const remove = () => {
    if (!window.confirm(`Delete the alert rule “${rule.name}” and its delivery log?`)) return;
    startTransition(async () => {
      const result = await deleteAlertRuleAction({ ruleId: rule.id, expectedVersion: rule.version });
      if (!result.ok) toast.error(`Could not delete ${rule.name}`, { description: result.error.message });
      else toast.success(`${rule.name} deleted`);
      await refresh();
    });
  };
  return (
    <Button variant="ghost" size="icon" className="size-7" aria-label={`Delete ${rule.name}`} onClick={remove} disabled={pending}>
      <Trash2Icon className="text-muted-foreground" />
    </Button>
  );
}
