"use client";

import { SegmentedControl } from "@/components/ui/segmented-control";
import { SESSION_FILTER_STATUSES, type SessionFilterStatus } from "@/components/data/types";

type Props = { value: SessionFilterStatus | null; onChange: (status: SessionFilterStatus | null) => void };

const OPTIONS: { value: SessionFilterStatus | null; label: string }[] = [
  { value: null, label: "All" },
  ...SESSION_FILTER_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })),
];

export function StatusFilter({ value, onChange }: Props) {
  return <SegmentedControl label="Filter by status" options={OPTIONS} value={value} onChange={onChange} />;
}
