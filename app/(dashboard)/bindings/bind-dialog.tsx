"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Link2Icon, LoaderCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { BindingChoices } from "@/components/live-sync/types";
import { bindAccountAction } from "./actions";

/** Why an account cannot be picked, or null when it can. */
function unavailable(a: BindingChoices["accounts"][number]) {
  if (a.boundTo) return `bound to ${a.boundTo}`;
  if (!a.hasToken) return "no API token";
  return null;
}

export function BindDialog({ choices }: { choices: BindingChoices }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [accountId, setAccountId] = useState("");
  const [storeId, setStoreId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const account = choices.accounts.find((a) => a.id === accountId);
  // Only houses the account belongs to: its token cannot read any other.
  const stores = account
    ? choices.stores.filter((s) => s.instanceId === account.instanceId && account.houseIds.includes(s.externalId))
    : [];
  const store = stores.find((s) => s.id === storeId);
  const free = choices.accounts.filter((a) => !unavailable(a)).length;

  function reset(o: boolean) {
    setOpen(o);
    if (o) {
      setAccountId("");
      setStoreId("");
      setError(null);
    }
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!account || !store) return;
    setError(null);
    startTransition(async () => {
      const result = await bindAccountAction({ gameAccountId: account.id, storeId: store.id });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`${account.username} bound to ${store.name}`, { description: "Auto-sync is on; the streams start now." });
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ["bindings"] });
      void queryClient.invalidateQueries({ queryKey: ["live-sessions"] });
      router.push(`/live-sessions/${result.data.liveSessionId}`);
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !pending && reset(o)}>
      <DialogTrigger asChild>
        <Button size="sm">
          <Link2Icon />
          Bind account
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Bind an account to a store</DialogTitle>
          <DialogDescription>
            A live session starts at once and keeps the store&apos;s battles, wallet and members in sync. One account feeds one store.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4">
          <div className="grid gap-1.5">
            <Label htmlFor="bind-account">Game account</Label>
            <Select
              value={accountId}
              onValueChange={(v) => {
                setAccountId(v);
                setError(null);
                const next = choices.accounts.find((a) => a.id === v);
                const current = choices.stores.find((s) => s.id === storeId);
                if (!next || !current || current.instanceId !== next.instanceId || !next.houseIds.includes(current.externalId))
                  setStoreId("");
              }}
            >
              <SelectTrigger id="bind-account">
                <SelectValue placeholder={choices.accounts.length === 0 ? "No game accounts" : "Choose an account"} />
              </SelectTrigger>
              <SelectContent>
                {choices.accounts.map((a) => {
                  const why = unavailable(a);
                  return (
                    <SelectItem key={a.id} value={a.id} disabled={why !== null}>
                      {a.username}
                      {why && <span className="ml-1.5 text-xs text-muted-foreground">({why})</span>}
                    </SelectItem>
                  );
                })}
              </SelectContent>
            </Select>
            {choices.accounts.length > 0 && free === 0 && (
              <p className="text-xs text-muted-foreground">Every account is bound already; unbind one first.</p>
            )}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="bind-store">Store</Label>
            <Select value={storeId} onValueChange={(v) => (setStoreId(v), setError(null))} disabled={!account}>
              <SelectTrigger id="bind-store">
                <SelectValue
                  placeholder={
                    account ? (stores.length === 0 ? "No store on this game server" : "Choose a store") : "Choose an account first"
                  }
                />
              </SelectTrigger>
              <SelectContent>
                {stores.map((s) => (
                  <SelectItem key={s.id} value={s.id}>
                    {s.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <p className="text-xs text-muted-foreground">Only stores the account is a member of are listed.</p>
          </div>
          {error && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || !account || !store}>
              {pending && <LoaderCircleIcon className="animate-spin" />}
              Bind
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
