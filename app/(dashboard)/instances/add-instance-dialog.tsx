"use client";

import { useQueryClient } from "@tanstack/react-query";
import { LoaderCircleIcon, PlusIcon } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { createInstanceAction } from "./actions";
import type { DatabaseKind } from "@/lib/domain/values";

type Kind = DatabaseKind;

const KINDS: { value: Kind; label: string; placeholder: string }[] = [
  { value: "postgres", label: "PostgreSQL", placeholder: "postgres://user:password@host:5432/database" },
  { value: "mysql", label: "MySQL / MariaDB", placeholder: "mysql://user:password@host:3306/database" },
];

export function AddInstanceDialog() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>("postgres");
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(null);
    startTransition(async () => {
      const result = await createInstanceAction({ name: String(data.get("name")), kind, connectionUrl: String(data.get("connectionUrl")) });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`Instance ${String(data.get("name")).trim()} added`);
      form.reset();
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["instances"] });
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), setError(null), setKind("postgres"))}>
      <DialogTrigger asChild>
        <Button size="sm">
          <PlusIcon />
          Add instance
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add an instance</DialogTitle>
          <DialogDescription>The connection URL is encrypted at rest and never shown again.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" autoComplete="off">
          <div className="grid gap-1.5">
            <Label htmlFor="instance-name">Name</Label>
            <Input id="instance-name" name="name" required maxLength={100} placeholder="prod-billing" />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="instance-kind">Kind</Label>
            <Select value={kind} onValueChange={(v) => setKind(v as Kind)}>
              <SelectTrigger id="instance-kind">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {KINDS.map((k) => (
                  <SelectItem key={k.value} value={k.value}>
                    {k.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="instance-url">Connection URL</Label>
            <Input
              id="instance-url"
              name="connectionUrl"
              type="password"
              required
              autoComplete="new-password"
              placeholder={KINDS.find((k) => k.value === kind)?.placeholder}
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
              Add instance
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
