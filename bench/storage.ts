/**
 * Table + index space per stored sync session: sync_sessions, instance_records and session_rollups
 * (everything a session costs), divided by the session count. Measured twice: on the seeded history
 * (indexes built in one sorted pass after the load, bench/seed.ts) and on a history grown with every
 * index in place, row by row as the product adds runs — where index page splits, not a sorted build,
 * decide how full pages are. The target holds only if both are under it.
 * Live-session sync logs are reported per log row beside it.
 * Run: npx tsx bench/storage.ts [--sessions=N | --full]
 */
import postgres from "postgres";
import { seed, seededDatabase } from "./seed";
import { benchArgs, freshDatabase, int, isMain, runAlone, type BenchResult } from "./support";

const SESSION_TABLES = ["sync_sessions", "instance_records", "session_rollups", "session_rollups_daily"];
/** Sessions in the history grown with indexes maintained (slower to load than the sorted build). */
export const GROWN_SESSIONS = 100_000;

async function measure(url: string, label: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string; heap: number; indexes: number; total: number }[]>`
      select c.relname as name,
        pg_table_size(c.oid)::bigint::float8 as heap, pg_indexes_size(c.oid)::bigint::float8 as indexes,
        pg_total_relation_size(c.oid)::bigint::float8 as total
      from pg_class c where c.relname = any(${[...SESSION_TABLES, "sync_logs"]}) and c.relkind = 'r'`;
    const indexes = await sql<{ name: string; bytes: number }[]>`
      select i.indexrelid::regclass::text as name, pg_relation_size(i.indexrelid)::bigint::float8 as bytes
      from pg_index i where i.indrelid in ('sync_sessions'::regclass, 'instance_records'::regclass) order by 2 desc`;
    const [counts] = await sql<{ sessions: number; records: number; logs: number }[]>`
      select (select count(*) from sync_sessions)::int as sessions, (select count(*) from instance_records)::int as records,
             (select count(*) from sync_logs)::int as logs`;
    const byName = new Map(tables.map((t) => [t.name, t]));
    const n = counts!.sessions;
    console.log(`\nstorage, ${label}: ${int(n)} sessions, ${int(counts!.records)} instance records, ${int(counts!.logs)} sync logs`);
    for (const t of tables) console.log(`  ${t.name.padEnd(22)} table ${mb(t.heap)}  indexes ${mb(t.indexes)}  total ${mb(t.total)}`);
    console.log(`  indexes per session: ${indexes.map((i) => `${i.name} ${(i.bytes / n).toFixed(0)} B`).join(", ")}`);
    const sessionBytes = SESSION_TABLES.reduce((sum, name) => sum + (byName.get(name)?.total ?? 0), 0);
    const perSession = sessionBytes / n;
    const perLog = (byName.get("sync_logs")?.total ?? 0) / Math.max(1, counts!.logs);
    const perRecord = (byName.get("instance_records")?.total ?? 0) / Math.max(1, counts!.records);
    const sessionRow =
      ((byName.get("sync_sessions")?.total ?? 0) +
        (byName.get("session_rollups")?.total ?? 0) +
        (byName.get("session_rollups_daily")?.total ?? 0)) /
      n;
    console.log(
      `  per session ${int(perSession)} B (${(counts!.records / n).toFixed(2)} records each, ${int(perRecord)} B per record); per sync log ${int(perLog)} B`,
    );
    return { sessions: n, perSession, perRecord, perLog, sessionRow, recordsEach: counts!.records / n };
  } finally {
    await sql.end();
  }
}

export async function storageBench(sessions = benchArgs().sessions): Promise<BenchResult[]> {
  const built = await measure(await seededDatabase(sessions), "seeded, indexes built after the load");
  const grownUrl = await freshDatabase(`bench_grown_${GROWN_SESSIONS}`);
  console.log(`\n[bench] growing ${int(GROWN_SESSIONS)} sessions with every index maintained…`);
  await seed({ url: grownUrl, sessions: GROWN_SESSIONS, maintainIndexes: true });
  const grown = await measure(grownUrl, "grown with indexes maintained");
  return [
    {
      target: "table + index space per session < 1 KB",
      measured: `${int(built.perSession)} B (${built.recordsEach.toFixed(1)} records each); grown in place: ${int(grown.perSession)} B`,
      met: built.perSession < 1024 && grown.perSession < 1024,
    },
    {
      target: "…of which the sync_sessions row and its indexes",
      measured: `${int(built.sessionRow)} B (records ${int(built.perRecord)} B each)`,
      met: null,
    },
    { target: "sync log row (live sessions), table + index", measured: `${int(built.perLog)} B`, met: null },
  ];
}

const mb = (b: number) => `${(b / 1048576).toFixed(1).padStart(7)} MB`;

if (isMain(import.meta.url)) await runAlone("storage", () => storageBench());
