"use client";

import { useQueryClient } from "@tanstack/react-query";
import { LoaderCircleIcon, PencilIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { sessionQuery } from "@/components/data/queries";
import type { SessionDetail } from "@/components/data/types";
import { updateSessionAction } from "../actions";

const LABEL_MAX = 120;
const NOTE_MAX = 2000;

/** The session's label and note, with an edit dialog for those who may change them (optimistic locking on its version). */
export function SessionNotes({ session, canEdit }: { session: SessionDetail; canEdit: boolean }) {
  if (!session.label && !session.note && !canEdit) return null;
  return (
    <div data-testid="session-notes" className="mt-4 flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-[13px]">
      <div className="min-w-0">
        {session.label ? (
          <p className="font-medium break-words" data-testid="session-label">
            {session.label}
          </p>
        ) : (
          <p className="text-muted-foreground">No label</p>
        )}
        {session.note && (
          <p className="mt-1 whitespace-pre-wrap break-words text-muted-foreground" data-testid="session-note">
            {session.note}
          </p>
        )}
      </div>
      {canEdit && <EditNotesDialog session={session} />}
    </div>
  );
}

function EditNotesDialog({ session }: { session: SessionDetail }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [label, setLabel] = useState(session.label ?? "");
  const [note, setNote] = useState(session.note ?? "");
  // The version the form was opened with: a change by someone else meanwhile is a 412, not a silent overwrite.
  const [version, setVersion] = useState(session.version);

  function openWith(o: boolean) {
    if (o) {
      setLabel(session.label ?? "");
      setNote(session.note ?? "");
      setVersion(session.version);
    }
    setOpen(o);
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    try {
      const result = await updateSessionAction({ sessionId: session.id, label, note, expectedVersion: version });
      const key = sessionQuery(session.id).queryKey;
      if (result.ok) {
        queryClient.setQueryData(key, (old) =>
          old ? { ...old, label: result.data.label, note: result.data.note, version: result.data.version } : old,
        );
        toast.success("Label and note saved");
        setOpen(false);
      } else if (result.status === 412) {
        toast.error("Someone changed this session meanwhile", {
          description: "The latest version is shown now; your text is still in the form. Check it and save again.",
        });
        await queryClient.invalidateQueries({ queryKey: key });
        const fresh = queryClient.getQueryData(key);
        if (fresh) setVersion(fresh.version);
      } else {
        toast.error("Could not save", { description: result.error.message });
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !pending && openWith(o)}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label="Edit label and note">
          <PencilIcon />
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={(e) => void save(e)}>
          <DialogHeader>
            <DialogTitle>Label and note</DialogTitle>
            <DialogDescription>The label is shown with the session and found by search. Leave a field empty to clear it.</DialogDescription>
          </DialogHeader>
          <div className="mt-4 grid gap-4">
            <div className="grid gap-1.5">
              <Label htmlFor="session-label-input">Label</Label>
              <Input
                id="session-label-input"
                value={label}
                maxLength={LABEL_MAX}
                onChange={(e) => setLabel(e.target.value)}
                placeholder="e.g. After the failover"
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="session-note-input">Note</Label>
              <textarea
                id="session-note-input"
                value={note}
                maxLength={NOTE_MAX}
                rows={5}
                onChange={(e) => setNote(e.target.value)}
                className="w-full rounded-md border border-input bg-background px-3 py-2 text-sm shadow-xs outline-none placeholder:text-muted-foreground/70 focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/20"
              />
              <span className="text-right text-xs tabular-nums text-muted-foreground">
                {note.length}/{NOTE_MAX}
              </span>
            </div>
          </div>
          <DialogFooter className="mt-4">
            <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={pending}>
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
