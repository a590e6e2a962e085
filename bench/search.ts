/**
 * Search latency on the seeded history (bench/seed.ts; 1,000,000 sessions with --full): the
 * sessions list with `q` (first page of 50, and the next page) by instance name, name fragment,
 * error text, a rare term and a term nothing has, and GET /api/v1/search's query function —
 * p50/p95 over varying terms, plus which index PostgreSQL picks (EXPLAIN) for each kind.
 * Run: npx tsx bench/search.ts [--sessions=N | --full]
 */
import { inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb, type Database } from "@/db/client";
import { syncSessions } from "@/db/schema";
import { searchEverything } from "@/lib/search/queries";
import { refreshSessionSearchText } from "@/lib/search/search-text";
import { containsPattern } from "@/lib/search/term";
import { listSyncSessions } from "@/lib/sync-sessions/queries";
import { seededDatabase } from "./seed";
import { benchArgs, int, isMain, ms, pct, runAlone, type BenchResult } from "./support";

const RUNS = 40;
const RARE_LABEL = "incident inc-20871 rollback";

/** A handful of sessions get a label only they have: the rare term. */
async function labelRareSessions(db: Database) {
  const rows = await db.select({ id: syncSessions.id }).from(syncSessions).orderBy(syncSessions.id).limit(3);
  const ids = rows.map((r) => r.id);
  await db.transaction(async (tx) => {
    await tx.update(syncSessions).set({ label: RARE_LABEL }).where(inArray(syncSessions.id, ids));
    for (const id of ids) await refreshSessionSearchText(tx, id);
  });
  return ids.length;
}

async function timed(fn: () => Promise<unknown>) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** p50/p95 of `fn` over RUNS calls, cycling through `terms`, after a warm-up pass. */
async function measure(terms: string[], fn: (term: string) => Promise<unknown>) {
  for (const term of terms.slice(0, 3)) await fn(term);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timed(() => fn(terms[i % terms.length]!)));
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

/** The plan's scan nodes, e.g. "Bitmap Index Scan on sync_sessions_search_trgm_idx". */
async function planOf(sqlc: postgres.Sql, term: string) {
  const [row] = await sqlc.unsafe<{ "QUERY PLAN": unknown }[]>(
    `explain (format json) select id from sync_sessions where search_text ilike $1 order by started_at desc, id desc limit 51`,
    [containsPattern(term)],
  );
  const scans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node["Node Type"] === "string" && /Scan/.test(node["Node Type"]))
      scans.push(`${node["Node Type"]}${node["Index Name"] ? ` on ${node["Index Name"]}` : ""}`);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((row!["QUERY PLAN"] as { Plan: Record<string, unknown> }[])[0]!.Plan);
  return scans.join(" + ");
}

export async function searchBench(sessions = benchArgs().sessions): Promise<BenchResult[]> {
  const url = await seededDatabase(sessions);
  const { db, sql: sqlc } = createDb(url, { max: 4 });
  try {
    await labelRareSessions(db);
    await db.execute(sql`analyze sync_sessions`);
    const names = (await db.execute<{ name: string }>(sql`select name from instances where kind = 'postgres' order by name`)).map(
      (r) => r.name,
    );
    const share = async (term: string) => {
      const [r] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from sync_sessions where search_text ilike ${containsPattern(term)}`,
      );
      return r!.n;
    };
    const kinds: { label: string; terms: string[] }[] = [
      { label: "instance name", terms: names.slice(0, 20) },
      { label: "instance name fragment", terms: ["billing", "ledger-us", "orders-eu", "identity", "reports-ap"] },
      {
        label: "error text fragment",
        terms: ["authentication failed", "connection reset", "timed out after 10", "pg_authid", "rows we could not read"],
      },
      { label: "rare term (3 sessions)", terms: ["inc-20871"] },
      { label: "no match", terms: ["no-such-instance-x", "zz top", "quasar"] },
    ];
    const results: BenchResult[] = [];
    console.log(`\nsearch at ${int(sessions)} sessions (p50 / p95 over ${RUNS} calls each, varying terms)`);
    for (const kind of kinds) {
      const matched = await share(kind.terms[0]!);
      const plan = await planOf(sqlc, kind.terms[0]!);
      const first = await measure(kind.terms, (q) => listSyncSessions(db, { q, limit: 50 }));
      const next = await measure(kind.terms, async (q) => {
        const page = await listSyncSessions(db, { q, limit: 50 });
        if (page.nextCursor) await listSyncSessions(db, { q, limit: 50, cursor: page.nextCursor });
      });
      const grouped = await measure(kind.terms, (q) => searchEverything(db, { q }));
      console.log(`  ${kind.label} ("${kind.terms[0]}", ${int(matched)} sessions match)`);
      console.log(`    plan: ${plan}`);
      console.log(`    sessions ?q= first page of 50   ${ms(first.p50)} / ${ms(first.p95)}`);
      console.log(`    first + second page             ${ms(next.p50)} / ${ms(next.p95)}`);
      console.log(`    /api/v1/search (all groups)     ${ms(grouped.p50)} / ${ms(grouped.p95)}`);
      results.push(
        { target: `sessions ?q= p95, ${kind.label}`, measured: `${ms(first.p95)} (p50 ${ms(first.p50)})`, met: null },
        { target: `/api/v1/search p95, ${kind.label}`, measured: `${ms(grouped.p95)} (p50 ${ms(grouped.p50)})`, met: null },
      );
    }
    const rarePlan = await planOf(sqlc, "inc-20871");
    results.push({
      target: "rare term answered by the trigram index",
      measured: rarePlan,
      met: rarePlan.includes("sync_sessions_search_trgm_idx"),
    });
    return results;
  } finally {
    await sqlc.end();
  }
}

if (isMain(import.meta.url)) await runAlone("search", () => searchBench());
