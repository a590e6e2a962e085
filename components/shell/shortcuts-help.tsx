"use client";

import { KeyboardIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/** `g` then a letter goes to a page. */
const GO: Record<string, { href: string; label: string }> = {
  o: { href: "/", label: "Overview" },
  s: { href: "/sessions", label: "Sync sessions" },
  l: { href: "/live-sessions", label: "Live sessions" },
  b: { href: "/bindings", label: "Bindings" },
  t: { href: "/statistics", label: "Statistics" },
  a: { href: "/audit", label: "Audit log" },
};

const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ["/"], what: "Search" },
  { keys: ["?"], what: "Show these shortcuts" },
  { keys: ["Tab", "Enter"], what: "Move to a row of a list and open it" },
  { keys: ["Esc"], what: "Close a dialog, menu or search" },
  ...Object.entries(GO).map(([k, g]) => ({ keys: ["g", k], what: `Go to ${g.label}` })),
];

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName) || t.getAttribute("role") === "combobox");

/** The `?` overlay listing the keyboard shortcuts, and the `g` chords it lists. */
export function ShortcutsHelp() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let chordUntil = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      if (e.key === "?") {
        e.preventDefault();
        setOpen((o) => !o);
        return;
      }
      if (document.querySelector("[role=dialog]")) return;
      if (e.key === "g") {
        chordUntil = Date.now() + 1_500;
        return;
      }
      const go = GO[e.key];
      if (go && Date.now() < chordUntil) {
        chordUntil = 0;
        e.preventDefault();
        router.push(go.href);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router]);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        variant="ghost"
        size="icon"
        className="hidden sm:inline-flex"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        <KeyboardIcon />
      </Button>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>Anywhere outside a text field.</DialogDescription>
        </DialogHeader>
        <ul className="grid gap-1.5 text-[13px]" data-testid="shortcut-list">
          {SHORTCUTS.map((s) => (
            <li key={s.what} className="flex items-center justify-between gap-4">
              <span>{s.what}</span>
              <span className="flex gap-1">
                {s.keys.map((k) => (
                  <kbd key={k} className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">
                    {k}
                  </kbd>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </DialogContent>
    </Dialog>
  );
}
