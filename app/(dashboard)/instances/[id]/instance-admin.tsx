"use client";

import { useQueryClient } from "@tanstack/react-query";
import { KeyRoundIcon, LoaderCircleIcon, PencilIcon, RefreshCwIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { InstanceItem } from "@/components/data/types";
import { deleteInstanceAction, refreshGameServerDirectoryAction, setGameAccountTokenAction, updateInstanceAction } from "../actions";

function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
    >
      {error}
    </p>
  );
}

/** Rename, enable/disable and replace the connection URL; an empty URL field keeps the stored one. */
export function EditInstanceDialog({ instance }: { instance: InstanceItem }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [enabled, setEnabled] = useState(instance.enabled);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const takesUrl = instance.kind !== "game_server";

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get("name")).trim();
    const url = String(data.get("connectionUrl") ?? "").trim();
    setError(null);
    startTransition(async () => {
      const result = await updateInstanceAction({
        instanceId: instance.id,
        ...(name !== instance.name ? { name } : {}),
        ...(enabled !== instance.enabled ? { enabled } : {}),
        ...(url ? { connectionUrl: url } : {}),
      });
      if (!result.ok) {
        // Nothing changed is not an error worth a message in the form.
        if (result.error.code === "bad_request:instance" && !url && name === instance.name && enabled === instance.enabled) setOpen(false);
        else setError(result.error.message);
        return;
      }
      toast.success(`${name} saved`);
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["instances"] });
      router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), setError(null), setEnabled(instance.enabled))}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <PencilIcon />
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {instance.name}</DialogTitle>
          <DialogDescription>
            {takesUrl
              ? "The connection URL is write-only: leave it empty to keep the stored one. A new one clears the last test result."
              : "Rename or enable/disable this game server."}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" autoComplete="off">
          <div className="grid gap-1.5">
            <Label htmlFor="edit-instance-name">Name</Label>
            <Input id="edit-instance-name" name="name" required maxLength={100} defaultValue={instance.name} />
          </div>
          <div className="flex items-center gap-3">
            <Switch id="edit-instance-enabled" checked={enabled} onCheckedChange={setEnabled} />
            <Label htmlFor="edit-instance-enabled">Enabled (takes part in scheduled and batch runs)</Label>
          </div>
          {takesUrl && (
            <div className="grid gap-1.5">
              <Label htmlFor="edit-instance-url">New connection URL</Label>
              <Input
                id="edit-instance-url"
                name="connectionUrl"
                type="password"
                autoComplete="new-password"
                placeholder="Leave empty to keep the stored one"
              />
            </div>
          )}
          <FormError error={error} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending && <LoaderCircleIcon className="animate-spin" />}
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function DeleteInstanceDialog({ instance }: { instance: InstanceItem }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await deleteInstanceAction({ instanceId: instance.id });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`${instance.name} deleted`, { description: `${result.data.recordsKept} instance records kept` });
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["instances"] });
      router.push("/instances");
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), setError(null))}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" className="text-red-700 dark:text-red-400">
          <Trash2Icon />
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete {instance.name}?</DialogTitle>
          <DialogDescription>
            It leaves the instances list and is no longer synced; its stored connection secret is erased.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-1 text-[13px]">
          <p className="font-medium">What is kept</p>
          <ul className="list-disc pl-5 text-muted-foreground">
            <li>Its runs and instance records stay, and keep showing the name “{instance.name}”.</li>
            <li>The audit log keeps every change made to it.</li>
          </ul>
          <p className="mt-1 text-muted-foreground">Refused while a running sync session or an active binding uses it.</p>
        </div>
        <FormError error={error} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="button" variant="destructive" disabled={pending} onClick={confirm}>
            {pending && <LoaderCircleIcon className="animate-spin" />}
            Delete {instance.name}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

export type GameDirectory = {
  houses: { id: string; externalId: string; name: string }[];
  accounts: { id: string; externalId: string; username: string; houseIds: string[]; hasToken: boolean }[];
};

function SetTokenDialog({ account }: { account: GameDirectory["accounts"][number] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get("token"));
    setError(null);
    startTransition(async () => {
      const result = await setGameAccountTokenAction({ gameAccountId: account.id, token });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`Token of ${account.username} set`);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), setError(null))}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" aria-label={`Set token of ${account.username}`}>
          <KeyRoundIcon />
          Set token
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Set the token of {account.username}</DialogTitle>
          <DialogDescription>Its feeds are read with this token. It is stored encrypted and never shown again.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" autoComplete="off">
          <div className="grid gap-1.5">
            <Label htmlFor={`token-${account.id}`}>Token</Label>
            <Input id={`token-${account.id}`} name="token" type="password" required autoComplete="new-password" />
          </div>
          <FormError error={error} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending && <LoaderCircleIcon className="animate-spin" />}
              Set token
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** A game server's houses and accounts; super admins refresh it from the server and set account tokens. */
export function GameDirectoryCard({
  instance,
  directory,
  canWrite,
}: {
  instance: InstanceItem;
  directory: GameDirectory;
  canWrite: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const houseName = new Map(directory.houses.map((h) => [h.externalId, h.name]));

  function refresh() {
    startTransition(async () => {
      const result = await refreshGameServerDirectoryAction({ instanceId: instance.id });
      if (!result.ok) toast.error("Could not refresh the directory", { description: result.error.message });
      else toast.success(`Directory refreshed: ${result.data.houses} houses, ${result.data.accounts} accounts`);
      router.refresh();
    });
  }

  return (
    <Card className="mb-5 overflow-hidden">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b px-4 py-3">
        <div>
          <h2 className="text-sm font-semibold">Directory</h2>
          <p className="text-[13px] text-muted-foreground">
            {directory.houses.length} houses · {directory.accounts.length} game accounts
          </p>
        </div>
        {canWrite && (
          <Button size="sm" variant="outline" disabled={pending} onClick={refresh}>
            {pending ? <LoaderCircleIcon className="animate-spin" /> : <RefreshCwIcon />}
            Refresh directory
          </Button>
        )}
      </div>
      {directory.accounts.length === 0 ? (
        <p className="px-4 py-6 text-[13px] text-muted-foreground">
          No game accounts yet{canWrite ? ": refresh the directory to read them from the game server." : "."}
        </p>
      ) : (
        <ul className="divide-y">
          {directory.accounts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5 text-[13px]">
              <div className="min-w-0">
                <span className="font-medium">{a.username}</span>{" "}
                <span className="text-muted-foreground">· {a.houseIds.map((h) => houseName.get(h) ?? h).join(", ") || "no houses"}</span>
              </div>
              <div className="flex items-center gap-2">
                <Badge tone={a.hasToken ? "green" : "amber"}>{a.hasToken ? "token set" : "no token"}</Badge>
                {canWrite && <SetTokenDialog account={a} />}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
