import type { bindingChoices, listBindings } from "@/lib/bindings/queries";
import type { getLiveSession, listLiveSessions, listSyncLogs, storeData } from "@/lib/live-sessions/queries";
import type { Wire } from "@/components/data/types";
import {
  BINDING_STATUSES,
  type BindingStatus,
  LIVE_STREAMS,
  type LiveStream,
  STORE_DATA_KINDS,
  type StoreDataKind,
  type WalletKind,
} from "@/lib/domain/values";

export const STREAMS = LIVE_STREAMS;
export type Stream = LiveStream;
export const STORE_KINDS = STORE_DATA_KINDS;
export type StoreKind = StoreDataKind;
export { BINDING_STATUSES, type BindingStatus };

export type BindingItem = Wire<Awaited<ReturnType<typeof listBindings>>[number]>;
export type BindingChoices = Wire<Awaited<ReturnType<typeof bindingChoices>>>;
export type LiveSessionItem = Wire<Awaited<ReturnType<typeof listLiveSessions>>[number]>;
export type LiveSessionDetail = Wire<Awaited<ReturnType<typeof getLiveSession>>>;
export type SyncLogPage = Wire<Awaited<ReturnType<typeof listSyncLogs>>>;
export type SyncLogItem = SyncLogPage["items"][number];

type StoreDataResult = Wire<Awaited<ReturnType<typeof storeData>>>;
type ItemsOf<K extends StoreKind, T> = Omit<StoreDataResult, "kind" | "items"> & { kind: K; items: T[] };
export type BattleItem = { externalId: string; playedAt: Date | string; players: { playerId: string; score: number; won: boolean }[] };
export type WalletItem = {
  externalId: string;
  playerId: string;
  kind: WalletKind;
  amountCents: number;
  occurredAt: Date | string;
};
export type MemberItem = { playerId: string; nickname: string; role: string; joinedAt: Date | string | null; leftAt: Date | string | null };
export type StatItem = { playerId: string; games: number; wins: number; scoreTotal: number };
/** One kind of a store's synced data; `items` is narrowed by `kind`. */
export type StoreData =
  | ItemsOf<"battles", BattleItem>
  | ItemsOf<"wallet", WalletItem>
  | ItemsOf<"members", MemberItem>
  | ItemsOf<"stats", StatItem>;

/** What the live-session controls need; both the list row and the detail satisfy it. */
export type LiveSessionControlTarget = Pick<
  LiveSessionItem,
  "id" | "state" | "autoSyncEnabled" | "version" | "bindingStatus" | "gameAccount" | "store"
>;
