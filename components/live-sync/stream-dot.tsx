import { cn } from "@/components/cn";

export type StreamHealth = "ok" | "error" | "idle";

export function streamHealth(st: { lastTickAt: Date | string | null; lastError: string | null }, running: boolean): StreamHealth {
  if (!running || !st.lastTickAt) return "idle";
  return st.lastError ? "error" : "ok";
}

const DOT: Record<StreamHealth, string> = { ok: "bg-emerald-500", error: "bg-red-500", idle: "bg-zinc-300" };
const LABEL: Record<StreamHealth, string> = { ok: "ticking", error: "last tick failed", idle: "not ticking" };

/** A stream's health at a glance: green ticking, red last tick failed, gray stopped or never ticked (its last error stays in the title). */
export function StreamDot({ health, className }: { health: StreamHealth; className?: string }) {
  return (
    <span role="img" aria-label={LABEL[health]} className={cn("inline-block size-1.5 shrink-0 rounded-full", DOT[health], className)} />
  );
}
