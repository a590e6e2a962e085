import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { authUsers, bindings, gameAccounts, instances, liveSessions, stores } from "@/db/schema";
import { bindingMatches } from "@/lib/search/match";
import { searchTerm } from "@/lib/search/term";
import { BINDING_STATUSES } from "@/lib/domain/values";

export const listBindingsQuery = z
  .object({
    q: searchTerm.optional(),
    status: z.enum(BINDING_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  })
  .strict();

/** Bindings with their account, store and live session; `q` finds them by store, account, game server or error (lib/search/match.ts). */
export async function listBindings(db: Executor, query: unknown) {
  const q = listBindingsQuery.parse(query);
  return selectBindings(db)
    .where(and(q.status ? eq(bindings.status, q.status) : undefined, q.q ? bindingMatches(q.q) : undefined))
    .orderBy(desc(bindings.createdAt))
    .limit(q.limit);
}

/** One binding with its account, store and live session; null when there is none with this id. */
export async function getBinding(db: Executor, id: string) {
  const [row] = await selectBindings(db).where(eq(bindings.id, id)).limit(1);
  return row ?? null;
}

function selectBindings(db: Executor) {
  return db
    .select({
      id: bindings.id,
      status: bindings.status,
      createdAt: bindings.createdAt,
      unboundAt: bindings.unboundAt,
      createdByName: authUsers.name,
      gameAccountId: gameAccounts.id,
      gameAccount: gameAccounts.username,
      storeId: stores.id,
      store: stores.name,
      instanceName: instances.name,
      liveSessionId: liveSessions.id,
      state: liveSessions.state,
      autoSyncEnabled: liveSessions.autoSyncEnabled,
      syncStatus: liveSessions.syncStatus,
      lastSyncAt: liveSessions.lastSyncAt,
      errorMsg: liveSessions.errorMsg,
      nextRetryAt: liveSessions.nextRetryAt,
      version: liveSessions.version,
    })
    .from(bindings)
    .innerJoin(gameAccounts, eq(gameAccounts.id, bindings.gameAccountId))
    .innerJoin(stores, eq(stores.id, bindings.storeId))
    .innerJoin(instances, eq(instances.id, stores.instanceId))
    .leftJoin(liveSessions, eq(liveSessions.bindingId, bindings.id))
    .leftJoin(authUsers, eq(authUsers.id, bindings.createdBy))
    .$dynamic();
}

/** Accounts and stores a super admin can bind, per game server; accounts already bound are flagged. */
export async function bindingChoices(db: Executor) {
  const accounts = await db
    .select({
      id: gameAccounts.id,
      username: gameAccounts.username,
      instanceId: gameAccounts.instanceId,
      hasToken: sql<boolean>`${gameAccounts.tokenCiphertext} is not null`,
      boundTo: sql<
        string | null
      >`(select s.name from bindings b join stores s on s.id = b.store_id where b.game_account_id = game_accounts.id and b.status = 'active')`,
      houseIds: gameAccounts.houseIds,
    })
    .from(gameAccounts)
    .orderBy(asc(gameAccounts.username));
  const storeRows = await db
    .select({ id: stores.id, name: stores.name, instanceId: stores.instanceId, externalId: stores.externalId })
    .from(stores)
    .orderBy(asc(stores.name));
  return { accounts, stores: storeRows };
}
