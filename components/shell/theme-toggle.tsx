"use client";

import { MonitorIcon, MoonIcon, SunIcon } from "lucide-react";
import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

const ORDER = ["system", "light", "dark"] as const;
const LABEL = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" } as const;

const noop = () => () => {};

/** Cycles system → light → dark. "System" follows the OS setting, and is the default. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser; the server renders the neutral icon.
  const mounted = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  const current = (mounted && ORDER.includes(theme as (typeof ORDER)[number]) ? theme : "system") as (typeof ORDER)[number];
  const next = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length] ?? "system";
  const Icon = current === "dark" ? MoonIcon : current === "light" ? SunIcon : MonitorIcon;
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={`${LABEL[current]} (switch to ${next})`}
      title={`${LABEL[current]} — click for ${next}`}
      data-testid="theme-toggle"
      data-theme-choice={current}
      onClick={() => setTheme(next)}
    >
      <Icon />
    </Button>
  );
}
