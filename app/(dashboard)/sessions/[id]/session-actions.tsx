"use client";

import { useQueryClient } from "@tanstack/react-query";
import { BanIcon, LoaderCircleIcon, RotateCcwIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { sessionQuery } from "@/components/data/queries";
import type { SessionDetail } from "@/components/data/types";
import { cancelSessionAction, retryFailedAction } from "../actions";

/** What the server does on cancel, applied to the cached session so the page shows it before the refetch lands. */
function cancelledLocally(session: SessionDetail, me: { id: string; name: string }): SessionDetail {
  const now = new Date().toISOString();
  return {
    ...session,
    status: "cancelled",
    cancelledAt: now,
    completedAt: now,
    cancelledBy: me.id,
    cancelledByName: me.name,
    records: session.records.map((r) =>
      r.status === "pending" || r.status === "running" ? { ...r, status: "cancelled", completedAt: now } : r,
    ),
  };
}

export function CancelSessionButton({ session, me }: { session: SessionDetail; me: { id: string; name: string } }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const pendingCount = session.records.filter((r) => r.status === "pending" || r.status === "running").length;
  const running = session.status === "running";
  // Stays mounted while open: a run that ends meanwhile is said so in the dialog rather than yanking it away.
  if (!running && !open) return null;

  // Not a transition: the optimistic cache write must paint now, not when the server action settles.
  async function confirm() {
    const key = sessionQuery(session.id).queryKey;
    const applyCancel = () => queryClient.setQueryData(key, (old) => (old && old.status === "running" ? cancelledLocally(old, me) : old));
    setPending(true);
    try {
      // Optimistic: the page shows the run cancelled at once; an in-flight refetch must not bring "running" back.
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData(key);
      applyCancel();
      setOpen(false);
      const result = await cancelSessionAction({ sessionId: session.id });
      await queryClient.cancelQueries({ queryKey: key });
      if (result.ok) {
        applyCancel();
        toast.success("Session cancelled", {
          description: pendingCount > 0 ? `${pendingCount} unfinished instance${pendingCount === 1 ? "" : "s"} stopped.` : undefined,
        });
      } else {
        if (before) queryClient.setQueryData(key, before);
        toast.error("Could not cancel the session", { description: result.error.message });
      }
      await Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: ["sessions"] })]);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !pending && setOpen(o)}>
      {running && (
        <DialogTrigger asChild>
          <Button variant="outline" size="sm" className="text-red-700 hover:bg-red-50 hover:text-red-800">
            <BanIcon />
            Cancel session
          </Button>
        </DialogTrigger>
      )}
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Cancel this session?</DialogTitle>
          <DialogDescription>
            {!running
              ? `This session has already ended as ${session.status}; there is nothing left to cancel.`
              : pendingCount > 0
                ? `${pendingCount} unfinished instance${pendingCount === 1 ? "" : "s"} will stop: pending ones never start, running ones stop at their next checkpoint. Items already synced are kept.`
                : "The session will be marked cancelled. Items already synced are kept."}
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)} disabled={pending}>
            {running ? "Keep running" : "Close"}
          </Button>
          <Button variant="destructive" onClick={() => void confirm()} disabled={pending || !running}>
            {pending && <LoaderCircleIcon className="animate-spin" />}
            Cancel session
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

export function RetryFailedButton({ session }: { session: SessionDetail }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const failed = session.records.filter((r) => r.status === "failed").length;

  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      aria-label="Retry failed"
      title={`Start a new session over the ${failed} failed instance${failed === 1 ? "" : "s"}`}
      onClick={() =>
        startTransition(async () => {
          const result = await retryFailedAction({ sessionId: session.id });
          if (!result.ok) {
            toast.error("Could not retry the failed instances", { description: result.error.message });
            return;
          }
          toast.success("Retry started", { description: `Syncing ${failed} failed instance${failed === 1 ? "" : "s"} again.` });
          router.push(`/sessions/${result.data.id}`);
        })
      }
    >
      {pending ? <LoaderCircleIcon className="animate-spin" /> : <RotateCcwIcon />}
      Retry failed
      <span className="rounded-full bg-red-100 px-1.5 text-[11px] font-semibold tabular-nums text-red-700">{failed}</span>
    </Button>
  );
}
