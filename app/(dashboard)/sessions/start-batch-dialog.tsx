"use client";

import { useQuery } from "@tanstack/react-query";
import { LoaderCircleIcon, PlayIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { instancesQuery } from "@/components/data/queries";
import type { InstanceItem } from "@/components/data/types";
import { startBatchAction } from "./actions";
import { CategorySelect, type RunnableCategory } from "./category-select";
import { InstancePicker, type Selection } from "./instance-picker";
import { DATABASE_KINDS } from "@/lib/domain/values";

/** Database servers; game servers sync through bindings, not batches. */
const SYNCABLE_KINDS = new Set<string>(DATABASE_KINDS);

export function StartBatchDialog({ initialInstances }: { initialInstances: InstanceItem[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<RunnableCategory>("account");
  const [selection, setSelection] = useState<Selection>("all");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { data } = useQuery({ ...instancesQuery(), initialData: { items: initialInstances } });
  const eligible = data.items.filter((i) => i.enabled && SYNCABLE_KINDS.has(i.kind));
  const chosen = selection === "all" ? eligible.length : eligible.filter((i) => selection.has(i.id)).length;

  function submit() {
    setError(null);
    const instanceIds = selection === "all" ? undefined : eligible.filter((i) => selection.has(i.id)).map((i) => i.id);
    startTransition(async () => {
      const result = await startBatchAction({ category, ...(instanceIds ? { instanceIds } : {}) });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success("Batch started", { description: `Syncing ${chosen} instance${chosen === 1 ? "" : "s"}.` });
      setOpen(false);
      router.push(`/sessions/${result.data.id}`);
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setSelection("all");
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <PlayIcon />
          Start batch
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Start a batch sync</DialogTitle>
          <DialogDescription>Sync every chosen instance now. Progress shows up live on the session page.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor="batch-category">Category</Label>
          <CategorySelect id="batch-category" value={category} onChange={setCategory} />
        </div>
        <InstancePicker instances={eligible} selection={selection} onChange={setSelection} />
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700">
            {error}
          </p>
        )}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={pending || chosen === 0}>
            {pending && <LoaderCircleIcon className="animate-spin" />}
            Start
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
