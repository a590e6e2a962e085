"use client";

import { useQueryClient } from "@tanstack/react-query";
import { EyeIcon, EyeOffIcon, LoaderCircleIcon, PencilIcon, PlusIcon } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { createAlertRuleAction, updateAlertRuleAction } from "./actions";
import { CATEGORIES } from "./format";
import type { AlertRuleItem, ScopeChoices } from "./types";

type Scope = AlertRuleItem["scope"];
type Condition = AlertRuleItem["condition"];
type Unit = "s" | "min" | "h";
const UNIT_SECONDS: Record<Unit, number> = { s: 1, min: 60, h: 3600 };

const SCOPES: { value: Scope; label: string }[] = [
  { value: "all", label: "Everything" },
  { value: "binding", label: "A binding" },
  { value: "instance", label: "An instance" },
  { value: "category", label: "A sync category" },
];

const CONDITIONS: { value: Condition; label: string; scopes: Scope[] }[] = [
  { value: "run_failed", label: "A sync fails", scopes: ["all", "instance", "category"] },
  { value: "consecutive_failures", label: "N failures in a row", scopes: ["all", "instance", "category"] },
  { value: "live_error_for", label: "Live session in error longer than T", scopes: ["all", "binding", "instance"] },
  { value: "slow_run", label: "A run takes longer than T", scopes: ["all", "instance", "category"] },
];

function initialThreshold(rule?: AlertRuleItem): { value: string; unit: Unit } {
  const t = rule?.threshold;
  if (!t) return { value: "", unit: "min" };
  if (rule.condition === "consecutive_failures") return { value: String(t), unit: "s" };
  if (t % 3600 === 0) return { value: String(t / 3600), unit: "h" };
  if (t % 60 === 0) return { value: String(t / 60), unit: "min" };
  return { value: String(t), unit: "s" };
}

type Props = { choices: ScopeChoices; rule?: AlertRuleItem };

/** Create a rule, or edit one (with its version: a concurrent change is refused, not overwritten). */
export function RuleDialog({ choices, rule }: Props) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  // The URL is a secret (it often carries a token), hidden by default, but it can be shown to check a paste.
  const [showUrl, setShowUrl] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [scope, setScope] = useState<Scope>(rule?.scope ?? "all");
  const [scopeRef, setScopeRef] = useState<string>(rule?.scopeRef ?? "");
  const [condition, setCondition] = useState<Condition>(rule?.condition ?? "run_failed");
  const [destination, setDestination] = useState<AlertRuleItem["destination"]>(rule?.destination ?? "webhook");
  const [threshold, setThreshold] = useState(initialThreshold(rule));

  const reset = () => {
    setError(null);
    setScope(rule?.scope ?? "all");
    setScopeRef(rule?.scopeRef ?? "");
    setCondition(rule?.condition ?? "run_failed");
    setDestination(rule?.destination ?? "webhook");
    setThreshold(initialThreshold(rule));
  };
  const conditions = CONDITIONS.filter((c) => c.scopes.includes(scope));
  const objects =
    scope === "binding"
      ? choices.bindings.map((b) => ({ value: b.id, label: b.active ? b.name : `${b.name} (unbound)` }))
      : scope === "instance"
        ? choices.instances.map((i) => ({ value: i.id, label: i.name }))
        : scope === "category"
          ? CATEGORIES.map((c) => ({ value: c.value, label: c.label }))
          : [];

  function changeScope(next: Scope) {
    setScope(next);
    setScopeRef("");
    if (!CONDITIONS.find((c) => c.value === condition)?.scopes.includes(next))
      setCondition(next === "binding" ? "live_error_for" : "run_failed");
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const url = String(data.get("url") ?? "").trim();
    const secret = String(data.get("signingSecret") ?? "");
    const n = Number(threshold.value);
    const thresholdValue =
      condition === "run_failed"
        ? null
        : !threshold.value
          ? null
          : condition === "consecutive_failures"
            ? n
            : Math.round(n * UNIT_SECONDS[threshold.unit]);
    const fields = {
      name: String(data.get("name")),
      scope,
      scopeRef: scope === "all" ? null : scopeRef || null,
      condition,
      threshold: thresholdValue,
      destination,
    };
    setError(null);
    startTransition(async () => {
      const result = rule
        ? await updateAlertRuleAction({
            ruleId: rule.id,
            expectedVersion: rule.version,
            ...fields,
            ...(url ? { url } : {}),
            ...(secret ? { signingSecret: secret } : {}),
          })
        : await createAlertRuleAction({ ...fields, url, ...(secret ? { signingSecret: secret } : {}) });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(rule ? `Rule ${fields.name.trim()} saved` : `Rule ${fields.name.trim()} created`);
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["alert-rules"] });
    });
  }

  const needsSeconds = condition === "live_error_for" || condition === "slow_run";
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), reset())}>
      <DialogTrigger asChild>
        {rule ? (
          <Button variant="ghost" size="icon" className="size-7" aria-label={`Edit ${rule.name}`}>
            <PencilIcon className="text-muted-foreground" />
          </Button>
        ) : (
          <Button size="sm">
            <PlusIcon />
            New rule
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{rule ? `Edit ${rule.name}` : "New alert rule"}</DialogTitle>
          <DialogDescription>The destination URL and signing secret are encrypted at rest and never shown again.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" autoComplete="off">
          <div className="grid gap-1.5">
            <Label htmlFor="rule-name">Name</Label>
            <Input
              id="rule-name"
              name="name"
              required
              maxLength={100}
              defaultValue={rule?.name}
              placeholder="Billing DB failures to on-call"
            />
          </div>
          <div className="grid grid-cols-2 gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="rule-scope">Watch</Label>
              <Select value={scope} onValueChange={(v) => changeScope(v as Scope)}>
                <SelectTrigger id="rule-scope">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {SCOPES.map((s) => (
                    <SelectItem key={s.value} value={s.value}>
                      {s.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            {scope !== "all" && (
              <div className="grid gap-1.5">
                <Label htmlFor="rule-object">{scope === "binding" ? "Binding" : scope === "instance" ? "Instance" : "Category"}</Label>
                <Select value={scopeRef} onValueChange={setScopeRef}>
                  <SelectTrigger id="rule-object">
                    <SelectValue placeholder={objects.length ? "Choose…" : "Nothing to choose"} />
                  </SelectTrigger>
                  <SelectContent>
                    {objects.map((o) => (
                      <SelectItem key={o.value} value={o.value}>
                        {o.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </div>
            )}
          </div>
          <div className="flex items-end gap-3">
            <div className="grid flex-1 gap-1.5">
              <Label htmlFor="rule-condition">When</Label>
              <Select value={condition} onValueChange={(v) => setCondition(v as Condition)}>
                <SelectTrigger id="rule-condition">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {conditions.map((c) => (
                    <SelectItem key={c.value} value={c.value}>
                      {c.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            {condition !== "run_failed" && (
              <div className="flex items-end gap-1.5">
                <div className="grid gap-1.5">
                  <Label htmlFor="rule-threshold">{needsSeconds ? "T" : "N"}</Label>
                  <Input
                    id="rule-threshold"
                    type="number"
                    min={1}
                    required
                    className="w-20"
                    value={threshold.value}
                    onChange={(e) => setThreshold({ ...threshold, value: e.target.value })}
                  />
                </div>
                {needsSeconds && (
                  <Select value={threshold.unit} onValueChange={(v) => setThreshold({ ...threshold, unit: v as Unit })}>
                    <SelectTrigger className="w-20" aria-label="Unit">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="s">sec</SelectItem>
                      <SelectItem value="min">min</SelectItem>
                      <SelectItem value="h">hours</SelectItem>
                    </SelectContent>
                  </Select>
                )}
              </div>
            )}
          </div>
          <div className="grid gap-4">
            <div className="grid gap-1.5">
              <Label htmlFor="rule-destination">Send to</Label>
              <Select value={destination} onValueChange={(v) => setDestination(v as AlertRuleItem["destination"])}>
                <SelectTrigger id="rule-destination">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="webhook">Webhook (signed JSON)</SelectItem>
                  <SelectItem value="slack">Slack incoming webhook</SelectItem>
                </SelectContent>
              </Select>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="rule-url">URL</Label>
              <div className="relative">
                <Input
                  id="rule-url"
                  name="url"
                  type={showUrl ? "text" : "password"}
                  className="pr-9"
                  required={!rule}
                  autoComplete="new-password"
                  placeholder={
                    rule
                      ? `Unchanged (${rule.destinationHost})`
                      : destination === "slack"
                        ? "https://hooks.slack.com/services/…"
                        : "https://example.com/hooks/syncdeck"
                  }
                />
                <button
                  type="button"
                  className="absolute top-1/2 right-1.5 grid size-6 -translate-y-1/2 place-items-center rounded text-muted-foreground hover:bg-accent hover:text-foreground"
                  aria-label={showUrl ? "Hide what is typed" : "Show what is typed"}
                  aria-pressed={showUrl}
                  onClick={() => setShowUrl((v) => !v)}
                >
                  {showUrl ? <EyeOffIcon className="size-4" /> : <EyeIcon className="size-4" />}
                </button>
              </div>
            </div>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="rule-secret">Signing secret{destination === "slack" && " (optional)"}</Label>
            <Input
              id="rule-secret"
              name="signingSecret"
              type="password"
              autoComplete="new-password"
              required={!rule && destination === "webhook"}
              minLength={16}
              placeholder={
                rule?.hasSigningSecret ? "Unchanged (set)" : "At least 16 characters; the receiver verifies X-Syncdeck-Signature with it"
              }
            />
          </div>
          {error && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending && <LoaderCircleIcon className="animate-spin" />}
              {rule ? "Save" : "Create rule"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
