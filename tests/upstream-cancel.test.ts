import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import postgres from "postgres";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceRecords } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { createInstance } from "@/lib/instances/create";
import { runInstanceRecord } from "@/lib/sync/run-instance-record";
import { cancelSyncSession } from "@/lib/sync-sessions/cancel";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { waitFor } from "./helpers/runner";

// Cancelling a run must stop the work on the upstream server too, not only drop Syncdeck's socket:
// a server keeps executing a statement whose client went away until the statement ends.
const mysqlUrl = process.env.SYNCDECK_TEST_MYSQL_URL ?? "mysql://root:@127.0.0.1:3306";
const mysqlDown = await mysql
  .createConnection({ uri: mysqlUrl, connectTimeout: 3_000 })
  .then((c) => c.end().then(() => null))
  .catch((err: { code?: string }) => err.code ?? String(err));
if (mysqlDown) console.warn(`skipped: upstream cancel on MySQL — no MySQL/MariaDB server at ${new URL(mysqlUrl).host} (${mysqlDown})`);

describe("cancel stops the upstream's work", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let admin: Actor;
  beforeAll(async () => {
    t = await useTestDatabase("upcancel");
    admin = await makeUser(t.db, "super_admin");
  });

  /** Starts a one-instance batch and runs its record in process; resolves with the record's outcome. */
  async function startRecord(instanceId: string, category: "account" | "capacity") {
    const ctx = makeCtx(t.db, admin);
    const session = await startBatch({ ctx, input: { category, instanceIds: [instanceId] } });
    const [record] = await t.db.select().from(instanceRecords).where(eq(instanceRecords.syncSessionId, session.id));
    return { session, outcome: runInstanceRecord(t.db, record!.id) };
  }

  it("PostgreSQL: the upstream backend leaves its statement when the run is cancelled", async () => {
    // An upstream database whose pg_database_size never returns in time: the capacity query resolves
    // the unqualified name through this database's search_path, which puts `slow` before pg_catalog.
    const name = `upcancel_slow_${randomBytes(4).toString("hex")}`;
    const server = postgres(t.serverUrl, { max: 1, onnotice: () => {} });
    await server.unsafe(`create database ${name}`);
    const upstreamUrl = t.serverUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    const upstream = postgres(upstreamUrl, { max: 1, onnotice: () => {} });
    afterAll(async () => {
      await upstream.end();
      await server.unsafe(`drop database if exists ${name} with (force)`);
      await server.end();
    });
    await upstream.unsafe(`create schema slow;
      create function slow.pg_database_size(name) returns bigint language sql as 'select pg_sleep(60); select 0::bigint';
      alter database ${name} set search_path = slow, pg_catalog`);
    const instance = await createInstance({
      ctx: makeCtx(t.db, admin),
      input: { name: `slow-${name}`, kind: "postgres", connectionUrl: upstreamUrl },
    });
    const busy = () =>
      server<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
        where datname = ${name} and application_name = 'syncdeck-sync' and state = 'active'`.then(([r]) => r!.n);

    const { session, outcome } = await startRecord(instance.id, "capacity");
    await waitFor(async () => (await busy()) === 1, "the capacity query to run on the upstream");
    await cancelSyncSession({ ctx: makeCtx(t.db, admin), input: { sessionId: session.id } });
    await expect(outcome).resolves.toMatchObject({ status: "cancelled" });
    // Without a cancel request the backend stays active until pg_sleep or the 30 s statement timeout ends.
    await waitFor(async () => (await busy()) === 0, "the upstream backend to leave the statement", 5_000);
  });

  it.skipIf(mysqlDown !== null)("MySQL/MariaDB: the upstream thread's query is killed when the run is cancelled", async () => {
    // The account sync reads mysql.roles_mapping; a session holding it write-locked makes that read wait.
    const locker = await mysql.createConnection({ uri: mysqlUrl });
    const root = await mysql.createConnection({ uri: mysqlUrl });
    afterAll(async () => {
      await locker.end().catch(() => {});
      await root.end().catch(() => {});
    });
    const instance = await createInstance({
      ctx: makeCtx(t.db, admin),
      input: { name: `maria-${randomBytes(4).toString("hex")}`, kind: "mysql", connectionUrl: `${mysqlUrl}/mysql` },
    });
    const waiting = async () => {
      const [rows] = await root.query<mysql.RowDataPacket[]>(
        "select count(*) as n from information_schema.processlist where info like '%roles_mapping%' and id <> connection_id() and command = 'Query'",
      );
      return Number(rows[0]!.n);
    };
    await locker.query("lock tables mysql.roles_mapping write");
    try {
      const { session, outcome } = await startRecord(instance.id, "account");
      await waitFor(async () => (await waiting()) === 1, "the account query to wait on the upstream");
      await cancelSyncSession({ ctx: makeCtx(t.db, admin), input: { sessionId: session.id } });
      await expect(outcome).resolves.toMatchObject({ status: "cancelled" });
      // Still locked: only a KILL QUERY ends the waiting statement now.
      await waitFor(async () => (await waiting()) === 0, "the upstream query to be killed", 5_000);
    } finally {
      await locker.query("unlock tables");
    }
  });
});
