import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seed } from "@/bench/seed";
import { useTestDatabase } from "./helpers/db";

// The benchmark seed, tiny: its data must stay what the app itself would have written.
describe("bench seed", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let indexesBefore: number;
  let result: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    t = await useTestDatabase("seed");
    indexesBefore = await indexCount();
    result = await seed({ url: t.url, sessions: 200 });
  });

  async function indexCount() {
    const [r] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_indexes where tablename in ('sync_sessions', 'instance_records', 'sync_logs')`,
    );
    return r!.n;
  }

  it("writes the sessions, their records and logs, and puts every index back", async () => {
    const [c] = await t.db.execute<{ sessions: number; records: number; logs: number }>(sql`
      select (select count(*) from sync_sessions)::int as sessions, (select count(*) from instance_records)::int as records,
             (select count(*) from sync_logs)::int as logs`);
    expect(c).toEqual({ sessions: 200, records: result.records, logs: 200 });
    expect(result.records).toBeGreaterThanOrEqual(400);
    expect(result.records).toBeLessThanOrEqual(800);
    expect(await indexCount()).toBe(indexesBefore);
  });

  it("keeps each session's counts, status and search text consistent with its records", async () => {
    const bad = await t.db.execute<{ id: string }>(sql`
      select s.id from sync_sessions s
      join lateral (
        select count(*)::int as total,
          count(*) filter (where r.status = 'completed')::int as ok,
          count(*) filter (where r.status = 'failed')::int as failed,
          bool_and(s.search_text like '%' || lower(i.name) || '%') as names_searchable
        from instance_records r join instances i on i.id = r.instance_id where r.sync_session_id = s.id
      ) r on true
      where r.total <> s.total_instances
         or (s.status <> 'running' and (r.ok <> s.successful_instances or r.failed <> s.failed_instances))
         or (s.status = 'failed' and r.ok > 0)
         or (s.status = 'running' and s.completed_at is not null)
         or (s.status <> 'running' and s.completed_at is null)
         or (s.failed_instances > 0) <> (s.failure_class is not null)
         or not r.names_searchable`);
    expect(bad).toEqual([]);
    const [statuses] = await t.db.execute<{ n: number }>(sql`select count(distinct status)::int as n from sync_sessions`);
    expect(statuses!.n).toBeGreaterThanOrEqual(3);
  });

  it("fills the rollups with exactly the finished sessions", async () => {
    const [r] = await t.db.execute<{ runs: number; failed: number; cancelled: number; items: number }>(sql`
      select sum(runs)::int as runs, sum(failed)::int as failed, sum(cancelled)::int as cancelled, sum(items_synced)::int as items from session_rollups`);
    const [s] = await t.db.execute<{ runs: number; failed: number; cancelled: number; items: number }>(sql`
      select count(*)::int as runs, count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'cancelled')::int as cancelled,
        (select coalesce(sum(r.items_synced), 0)::int from instance_records r join sync_sessions x on x.id = r.sync_session_id where x.status <> 'running') as items
      from sync_sessions where status <> 'running'`);
    expect(r).toEqual(s);
    expect(result.rollups).toBeGreaterThan(0);
  });
});
