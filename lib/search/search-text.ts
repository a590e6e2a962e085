import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { syncSessions } from "@/db/schema";

/** search_text stays well inside what a trigram index handles comfortably, even for runs over many instances. */
export const SEARCH_TEXT_MAX = 4000;

/**
 * What a session's search_text holds, computed in SQL from its rows: its label, the names of its
 * records' instances and their distinct error messages, lower-cased and space-separated.
 * `session` is the sync_sessions row alias in scope; `label` replaces its label inside an UPDATE
 * that changes it (where the row's own columns still hold the old values).
 */
export function searchTextExpression(session: SQL = sql.raw("sync_sessions"), label: SQL = sql`${session}.label`): SQL<string> {
  return sql<string>`left(lower(concat_ws(' ',
    ${label},
    (select string_agg(distinct i.name, ' ') from instance_records r join instances i on i.id = r.instance_id where r.sync_session_id = ${session}.id),
    (select string_agg(distinct r.error_message, ' ') from instance_records r where r.sync_session_id = ${session}.id and r.error_message is not null)
  )), ${SEARCH_TEXT_MAX})`;
}

/**
 * Recomputes one session's search_text. Call it in the transaction that changed what it is made of:
 * session creation, a record failing, the run finishing, a label edit.
 */
export async function refreshSessionSearchText(tx: Executor, sessionId: string) {
  const text = searchTextExpression();
  await tx.execute(sql`update sync_sessions set search_text = ${text} where id = ${sessionId} and search_text is distinct from ${text}`);
}

/** After an instance is renamed: every session that synced it picks up the new name. Returns how many changed. */
export async function refreshSearchTextForInstance(db: Executor, instanceId: string) {
  const text = searchTextExpression();
  const res = await db.execute(sql`
    update sync_sessions set search_text = ${text}
    where id in (select r.sync_session_id from instance_records r where r.instance_id = ${instanceId}) and search_text is distinct from ${text}`);
  return res.count ?? 0;
}

/** Fills search_text of sessions that have none yet (rows older than the column), in batches. Returns how many. */
export async function backfillSearchText(db: Executor, batchSize = 5000) {
  const text = searchTextExpression();
  let total = 0;
  for (;;) {
    const res = await db.execute(sql`
      update sync_sessions set search_text = ${text}
      where id in (select s.id from sync_sessions s where s.search_text = '' and exists (select 1 from instance_records r where r.sync_session_id = s.id) limit ${batchSize})`);
    const n = res.count ?? 0;
    total += n;
    if (n < batchSize) return total;
  }
}

/** A sync_sessions row as the API returns it: every column but search_text (internal: what the search box matches). */
export const { searchText: _searchText, ...sessionRowColumns } = getTableColumns(syncSessions);
