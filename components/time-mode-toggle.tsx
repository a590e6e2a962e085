"use client";

import { SegmentedControl } from "@/components/ui/segmented-control";
import { useTimeMode } from "@/components/time";

/** Relative ("3m ago") or absolute times, everywhere; kept across pages and visits. */
export function TimeModeToggle() {
  const [mode, setMode] = useTimeMode();
  return (
    <SegmentedControl
      label="Times"
      value={mode}
      onChange={setMode}
      options={[
        { value: "relative", label: "Relative" },
        { value: "absolute", label: "Absolute" },
      ]}
    />
  );
}
