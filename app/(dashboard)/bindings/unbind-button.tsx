"use client";

import { useQueryClient } from "@tanstack/react-query";
import { LoaderCircleIcon, UnlinkIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { BindingItem } from "@/components/live-sync/types";
import { unbindAccountAction } from "./actions";

export function UnbindButton({ binding }: { binding: Pick<BindingItem, "id" | "gameAccount" | "store" | "liveSessionId"> }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result = await unbindAccountAction({ bindingId: binding.id });
      if (!result.ok) toast.error(`Could not unbind ${binding.gameAccount}`, { description: result.error.message });
      else toast.success(`${binding.gameAccount} unbound from ${binding.store}`, { description: "Streams stopped; synced data is kept." });
      setOpen(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["bindings"] }),
        queryClient.invalidateQueries({ queryKey: ["live-sessions"] }),
        binding.liveSessionId && queryClient.invalidateQueries({ queryKey: ["live-session", binding.liveSessionId] }),
      ]);
      // The bind dialog's choices come from the server page: the account is free again.
      router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !pending && setOpen(o)}>
      <DialogTrigger asChild>
        <Button variant="outline" size="xs" className="text-red-700 hover:bg-red-50 hover:text-red-800">
          <UnlinkIcon />
          Unbind
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>
            Unbind {binding.gameAccount} from {binding.store}?
          </DialogTitle>
          <DialogDescription>Streams stop; synced data is kept.</DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)} disabled={pending}>
            Cancel
          </Button>
          <Button variant="destructive" onClick={confirm} disabled={pending}>
            {pending && <LoaderCircleIcon className="animate-spin" />}
            Unbind
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
