import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { instanceRecords, instances, syncSessions, type SyncCategory } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { refreshSessionSearchText, sessionRowColumns } from "@/lib/search/search-text";
import { DATABASE_KINDS, type SyncType, UNFINISHED_RECORD_STATUSES } from "@/lib/domain/values";

export { DATABASE_KINDS };

/** Instances of the chosen ones (or of all) that already have a live record in a running session of this category. */
export async function busyInstances(tx: Transaction, category: SyncCategory, instanceIds?: string[]) {
  return tx
    .select({ instanceId: instanceRecords.instanceId, sessionId: syncSessions.id, name: instances.name })
    .from(instanceRecords)
    .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
    .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
    .where(
      and(
        eq(syncSessions.status, "running"),
        eq(syncSessions.syncCategory, category),
        inArray(instanceRecords.status, UNFINISHED_RECORD_STATUSES),
        instanceIds ? inArray(instanceRecords.instanceId, instanceIds) : undefined,
      ),
    );
}

/**
 * Creates a running session with one pending record per instance, refusing instances that a
 * running session of the same category holds (409 naming it). Caller owns the transaction.
 */
export async function createBatchSession(
  tx: Transaction,
  opts: {
    category: SyncCategory;
    syncType: SyncType;
    instanceIds?: string[];
    createdBy: string | null;
    createdByToken?: string | null;
    retryOf?: string | null;
    /** Scheduled runs skip busy instances instead of refusing. */
    skipBusy?: boolean;
  },
) {
  const requested = opts.instanceIds ? [...new Set(opts.instanceIds)] : undefined;
  // Serialise session creation per category so two concurrent starts cannot both pass the busy check.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('syncdeck:create-session'), hashtext(${opts.category}))`);
  const candidates = await tx
    .select({ id: instances.id, name: instances.name, kind: instances.kind, enabled: instances.enabled })
    .from(instances)
    .where(
      and(
        isNull(instances.deletedAt),
        requested ? inArray(instances.id, requested) : and(eq(instances.enabled, true), inArray(instances.kind, [...DATABASE_KINDS])),
      ),
    );
  if (requested) {
    const found = new Set(candidates.map((c) => c.id));
    const missing = requested.filter((id) => !found.has(id));
    if (missing.length) throw new AppError("not_found:instance", `No instance with id ${missing.slice(0, 3).join(", ")}`, { missing });
    const unusable = candidates.filter((c) => !c.enabled || !(DATABASE_KINDS as readonly string[]).includes(c.kind));
    if (unusable.length) {
      throw new AppError(
        "bad_request:instance",
        `Cannot sync ${unusable.map((c) => `"${c.name}"`).join(", ")}: only enabled PostgreSQL and MySQL instances take part in a batch`,
      );
    }
  }
  let chosen = candidates;
  const busy = await busyInstances(
    tx,
    opts.category,
    chosen.map((c) => c.id),
  );
  if (busy.length) {
    if (opts.skipBusy) {
      const held = new Set(busy.map((b) => b.instanceId));
      chosen = chosen.filter((c) => !held.has(c.id));
    } else {
      const first = busy[0]!;
      throw new AppError(
        "conflict:instance_lock",
        `"${first.name}" is already being synced (${opts.category}) by session ${first.sessionId}${busy.length > 1 ? ` (and ${busy.length - 1} more)` : ""}; wait for it to finish or cancel it`,
        { busy },
      );
    }
  }
  if (chosen.length === 0) throw new AppError("bad_request:sync_session", "There is no enabled instance to sync");
  const [session] = await tx
    .insert(syncSessions)
    .values({
      syncType: opts.syncType,
      syncCategory: opts.category,
      status: "running",
      totalInstances: chosen.length,
      createdBy: opts.createdBy,
      createdByToken: opts.createdByToken ?? null,
      retryOf: opts.retryOf ?? null,
    })
    .returning(sessionRowColumns);
  if (!session) throw new Error("insert returned nothing");
  await tx.insert(instanceRecords).values(chosen.map((c) => ({ syncSessionId: session.id, instanceId: c.id, instanceName: c.name })));
  await refreshSessionSearchText(tx, session.id);
  await notifyChange(tx, "sync_session", session.id);
  return session;
}
