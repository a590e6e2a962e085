/**
 * Table + index space per stored sync session on the seeded database: sync_sessions,
 * instance_records and session_rollups (everything a session costs), divided by the session count.
 * Live-session sync logs are reported per log row beside it.
 * Run: npx tsx bench/storage.ts [--sessions=N | --full]
 */
import postgres from "postgres";
import { seededDatabase } from "./seed";
import { benchArgs, int, isMain, runAlone, type BenchResult } from "./support";

const SESSION_TABLES = ["sync_sessions", "instance_records", "session_rollups", "session_rollups_daily"];

export async function storageBench(sessions = benchArgs().sessions): Promise<BenchResult[]> {
  const url = await seededDatabase(sessions);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string; heap: number; indexes: number; total: number }[]>`
      select c.relname as name,
        pg_table_size(c.oid)::bigint::float8 as heap, pg_indexes_size(c.oid)::bigint::float8 as indexes,
        pg_total_relation_size(c.oid)::bigint::float8 as total
      from pg_class c where c.relname = any(${[...SESSION_TABLES, "sync_logs"]}) and c.relkind = 'r'`;
    const [counts] = await sql<{ sessions: number; records: number; logs: number }[]>`
      select (select count(*) from sync_sessions)::int as sessions, (select count(*) from instance_records)::int as records,
             (select count(*) from sync_logs)::int as logs`;
    const byName = new Map(tables.map((t) => [t.name, t]));
    console.log(`\nstorage at ${int(counts!.sessions)} sessions, ${int(counts!.records)} instance records, ${int(counts!.logs)} sync logs`);
    for (const t of tables) console.log(`  ${t.name.padEnd(18)} table ${mb(t.heap)}  indexes ${mb(t.indexes)}  total ${mb(t.total)}`);
    const sessionBytes = SESSION_TABLES.reduce((sum, n) => sum + (byName.get(n)?.total ?? 0), 0);
    const perSession = sessionBytes / counts!.sessions;
    const perLog = (byName.get("sync_logs")?.total ?? 0) / Math.max(1, counts!.logs);
    const perRecord = (byName.get("instance_records")?.total ?? 0) / Math.max(1, counts!.records);
    const sessionRow = ((byName.get("sync_sessions")?.total ?? 0) + (byName.get("session_rollups")?.total ?? 0) + (byName.get("session_rollups_daily")?.total ?? 0)) / counts!.sessions;
    console.log(`  per session ${int(perSession)} B (${(counts!.records / counts!.sessions).toFixed(2)} records each, ${int(perRecord)} B per record); per sync log ${int(perLog)} B`);
    return [
      { target: "table + index space per session < 1 KB", measured: `${int(perSession)} B (${(counts!.records / counts!.sessions).toFixed(1)} records each)`, met: perSession < 1024 },
      { target: "…of which the sync_sessions row and its indexes", measured: `${int(sessionRow)} B (records ${int(perRecord)} B each)`, met: null },
      { target: "sync log row (live sessions), table + index", measured: `${int(perLog)} B`, met: null },
    ];
  } finally {
    await sql.end();
  }
}

const mb = (b: number) => `${(b / 1048576).toFixed(1).padStart(7)} MB`;

if (isMain(import.meta.url)) await runAlone("storage", () => storageBench());
