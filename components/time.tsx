"use client";

import { useSyncExternalStore } from "react";

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, ticking once a second; one shared timer for the whole page. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => Math.floor(Date.now() / 60_000) * 60_000,
  );
}

export const toDate = (d: Date | string) => (d instanceof Date ? d : new Date(d));

export function formatAbsolute(d: Date | string) {
  return toDate(d).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function formatRelative(d: Date | string, nowMs: number) {
  const s = Math.round((nowMs - toDate(d).getTime()) / 1000);
  const abs = Math.abs(s);
  if (abs < 5) return s >= 0 ? "just now" : "now";
  const span =
    abs < 60
      ? `${abs}s`
      : abs < 3600
        ? `${Math.floor(abs / 60)}m`
        : abs < 86_400
          ? `${Math.floor(abs / 3600)}h`
          : abs < 7 * 86_400
            ? `${Math.floor(abs / 86_400)}d`
            : null;
  if (span) return s >= 0 ? `${span} ago` : `in ${span}`;
  return toDate(d).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" });
}

export function formatDuration(ms: number | null | undefined) {
  if (ms === null || ms === undefined || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.floor(s % 60)}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export type TimeMode = "relative" | "absolute";
const TIME_MODE_KEY = "syncdeck:time-mode";
const TIME_MODE_EVENT = "syncdeck:time-mode";

function subscribeTimeMode(listener: () => void) {
  window.addEventListener(TIME_MODE_EVENT, listener);
  window.addEventListener("storage", listener);
  return () => {
    window.removeEventListener(TIME_MODE_EVENT, listener);
    window.removeEventListener("storage", listener);
  };
}

/** Whether times read "3m ago" or as a date and time; the choice is kept in this browser. */
export function useTimeMode(): [TimeMode, (mode: TimeMode) => void] {
  const mode = useSyncExternalStore(
    subscribeTimeMode,
    () => (localStorage.getItem(TIME_MODE_KEY) === "absolute" ? "absolute" : "relative"),
    () => "relative" as const,
  );
  const set = (m: TimeMode) => {
    localStorage.setItem(TIME_MODE_KEY, m);
    window.dispatchEvent(new Event(TIME_MODE_EVENT));
  };
  return [mode, set];
}

export function formatAbsoluteShort(d: Date | string, nowMs: number) {
  const date = toDate(d);
  const sameDay = new Date(nowMs).toDateString() === date.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })
    : date.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function RelativeTime({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  const nowMs = useNow();
  const [mode] = useTimeMode();
  if (!date) return <span className="text-muted-foreground">—</span>;
  return (
    <time
      dateTime={toDate(date).toISOString()}
      title={mode === "relative" ? formatAbsolute(date) : formatRelative(date, nowMs)}
      className={className}
      suppressHydrationWarning
    >
      {mode === "relative" ? formatRelative(date, nowMs) : formatAbsoluteShort(date, nowMs)}
    </time>
  );
}

type ElapsedProps = { from: Date | string | null | undefined; to: Date | string | null | undefined; live?: boolean };

/** Elapsed time between two instants; with `live` and no end yet it counts up. */
export function Elapsed({ from, to, live = false }: ElapsedProps) {
  const nowMs = useNow();
  if (!from || (!to && !live)) return <span className="text-muted-foreground">—</span>;
  const end = to ? toDate(to).getTime() : nowMs;
  return <span suppressHydrationWarning>{formatDuration(end - toDate(from).getTime())}</span>;
}
