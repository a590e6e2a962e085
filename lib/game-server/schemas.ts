/**
 * The game server's wire format (docs/game-server-contract.md) as zod schemas. The client validates
 * every response with these; the demo server builds its payloads from the inferred types.
 */
import { z } from "zod";
import { LIVE_STREAMS, type LiveStream, WALLET_KINDS } from "@/lib/domain/values";

/** The feeds the contract defines are the streams a live session syncs. */
export const GAME_FEEDS = LIVE_STREAMS;
export type GameFeed = LiveStream;
export { WALLET_KINDS };

/** Largest `limit` a feed page accepts. */
export const MAX_PAGE_LIMIT = 500;
/** `limit` when the query leaves it out. */
export const DEFAULT_PAGE_LIMIT = 100;

const id = z.string().min(1).max(200);
const timestamp = z.iso.datetime({ offset: true });

export const houseSchema = z.object({ id, name: z.string().min(1) });
export type GameHouse = z.infer<typeof houseSchema>;

export const gameAccountSchema = z.object({ id, username: z.string().min(1), houseIds: z.array(id) });
export type GameAccountInfo = z.infer<typeof gameAccountSchema>;

export const identitySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("account"), accountId: id, username: z.string().min(1), houseIds: z.array(id) }),
  z.object({ kind: z.literal("operator") }),
]);
export type GameServerIdentity = z.infer<typeof identitySchema>;

export const battlePlayerSchema = z.object({ playerId: id, score: z.number().int(), won: z.boolean() });
export const battleSchema = z.object({ id, playedAt: timestamp, players: z.array(battlePlayerSchema).min(1) });
export type Battle = z.infer<typeof battleSchema>;

export const walletTransactionSchema = z.object({
  id,
  playerId: id,
  kind: z.enum(WALLET_KINDS),
  /** Signed: recharges are positive, withdrawals negative, adjustments either. */
  amountCents: z.number().int().refine(Number.isSafeInteger, "amountCents must be a safe integer"),
  occurredAt: timestamp,
});
export type WalletTransaction = z.infer<typeof walletTransactionSchema>;

/** Roles the demo server uses; the contract allows any non-empty string so new roles are not fatal. */
export const MEMBER_ROLES = ["owner", "manager", "member"] as const;
export const MEMBER_CHANGES = ["joined", "left", "role_changed"] as const;
export const memberEventSchema = z.object({
  id,
  playerId: id,
  nickname: z.string().min(1),
  role: z.string().min(1),
  change: z.enum(MEMBER_CHANGES),
  at: timestamp,
});
export type MemberEvent = z.infer<typeof memberEventSchema>;

export type FeedItem = { battles: Battle; wallet: WalletTransaction; members: MemberEvent };

export const feedItemSchemas = {
  battles: battleSchema,
  wallet: walletTransactionSchema,
  members: memberEventSchema,
} as const satisfies { [F in GameFeed]: z.ZodType<FeedItem[F]> };

/** A feed page before item validation: items stay `unknown` so one bad item cannot reject the page. */
export const feedPageEnvelopeSchema = z.object({
  items: z.array(z.unknown()),
  nextCursor: z.string().min(1),
  hasMore: z.boolean(),
});

export const listEnvelopeSchema = z.object({ items: z.array(z.unknown()) });

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type GameServerErrorBody = z.infer<typeof errorBodySchema>;
