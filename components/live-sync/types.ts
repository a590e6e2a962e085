import type { bindingChoices, listBindings } from "@/lib/bindings/queries";
import type { getLiveSession, listLiveSessions, listSyncLogs, storeData } from "@/lib/live-sessions/queries";
import type { Wire } from "@/components/data/types";

export const STREAMS = ["battles", "wallet", "members"] as const;
export type Stream = (typeof STREAMS)[number];

export const STORE_KINDS = ["battles", "wallet", "members", "stats"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const BINDING_STATUSES = ["active", "inactive"] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

export type BindingItem = Wire<Awaited<ReturnType<typeof listBindings>>[number]>;
export type BindingChoices = Wire<Awaited<ReturnType<typeof bindingChoices>>>;
export type LiveSessionItem = Wire<Awaited<ReturnType<typeof listLiveSessions>>[number]>;
export type LiveSessionDetail = Wire<Awaited<ReturnType<typeof getLiveSession>>>;
export type SyncLogPage = Wire<Awaited<ReturnType<typeof listSyncLogs>>>;
export type SyncLogItem = SyncLogPage["items"][number];

type StoreDataResult = Wire<Awaited<ReturnType<typeof storeData>>>;
type ItemsOf<K extends StoreKind, T> = Omit<StoreDataResult, "kind" | "items"> & { kind: K; items: T[] };
export type BattleItem = { externalId: string; playedAt: Date | string; players: { playerId: string; score: number; won: boolean }[] };
export type WalletItem = { externalId: string; playerId: string; kind: "recharge" | "withdrawal" | "adjustment"; amountCents: number; occurredAt: Date | string };
export type MemberItem = { playerId: string; nickname: string; role: string; joinedAt: Date | string | null; leftAt: Date | string | null };
export type StatItem = { playerId: string; games: number; wins: number; scoreTotal: number };
/** One kind of a store's synced data; `items` is narrowed by `kind`. */
export type StoreData =
  | ItemsOf<"battles", BattleItem>
  | ItemsOf<"wallet", WalletItem>
  | ItemsOf<"members", MemberItem>
  | ItemsOf<"stats", StatItem>;

/** What the live-session controls need; both the list row and the detail satisfy it. */
export type LiveSessionControlTarget = Pick<LiveSessionItem, "id" | "state" | "autoSyncEnabled" | "version" | "bindingStatus" | "gameAccount" | "store">;
