import type { SessionItem } from "@/components/data/types";

const CATEGORY: Record<string, string> = { account: "Accounts", capacity: "Capacity", config: "Config", other: "Other" };
const TYPE: Record<string, string> = { scheduled: "Scheduled", manual_batch: "Manual batch" };

export function categoryLabel(category: string) {
  return CATEGORY[category] ?? category;
}

export function syncTypeLabel(type: string) {
  return TYPE[type] ?? type;
}

export function CategoryLabel({ category }: { category: string }) {
  return <span className="font-medium">{categoryLabel(category)}</span>;
}

export function SyncTypeLabel({ type }: { type: string }) {
  return <span>{syncTypeLabel(type)}</span>;
}

/** A system actor, set apart from people's names. */
export function SystemActor({ children }: { children: React.ReactNode }) {
  return <span className="italic">{children}</span>;
}

export function CreatedBy({ session }: { session: Pick<SessionItem, "createdByName" | "syncType"> }) {
  if (session.createdByName) return <span>{session.createdByName}</span>;
  return <SystemActor>{session.syncType === "scheduled" ? "scheduler" : "API token"}</SystemActor>;
}

/** A quiet pill telling scheduled runs from manual ones in compact lists. */
export function SyncTypePill({ type }: { type: string }) {
  const scheduled = type === "scheduled";
  return (
    <span
      className={`inline-flex items-center rounded border px-1.5 py-px text-[11px] font-medium ${scheduled ? "border-violet-200 bg-violet-50 text-violet-700" : "border-zinc-200 bg-zinc-50 text-zinc-600"}`}
      data-testid="sync-type"
    >
      {scheduled ? "scheduled" : "manual"}
    </span>
  );
}
