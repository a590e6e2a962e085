import { eq } from "drizzle-orm";
import postgres from "postgres";
import type { Database } from "@/db/client";
import { instances } from "@/db/schema";
import { postgresEndpoint } from "@/lib/connectors/postgres";
import { encryptSecret } from "@/lib/crypto/secrets";
import { ensureDatabase } from "@/lib/embedded-postgres";

/** Demo upstreams: databases on the same server, each with a handful of roles of its own. */
const DEMO_DATABASES: { name: string; roles: { name: string; attrs: string; memberOf?: string }[] }[] = [
  {
    name: "shop",
    roles: [
      { name: "shop_owner", attrs: "NOLOGIN" },
      { name: "shop_app", attrs: "LOGIN CONNECTION LIMIT 20", memberOf: "shop_owner" },
      { name: "shop_reader", attrs: "LOGIN VALID UNTIL '2030-01-01'" },
      { name: "shop_migrator", attrs: "LOGIN CREATEDB", memberOf: "shop_owner" },
    ],
  },
  {
    name: "billing",
    roles: [
      { name: "billing_owner", attrs: "NOLOGIN" },
      { name: "billing_api", attrs: "LOGIN CONNECTION LIMIT 50", memberOf: "billing_owner" },
      { name: "billing_auditor", attrs: "LOGIN" },
    ],
  },
  {
    name: "analytics",
    roles: [
      { name: "analytics_etl", attrs: "LOGIN CREATEDB" },
      { name: "analytics_bi", attrs: "LOGIN CONNECTION LIMIT 5" },
      { name: "analytics_admin", attrs: "LOGIN CREATEROLE" },
      { name: "analytics_replica", attrs: "LOGIN REPLICATION" },
      { name: "analytics_readers", attrs: "NOLOGIN" },
    ],
  },
];

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates the demo databases and roles on the server of `serverUrl` (prefixed by the app's
 * database name so several apps can share a server) and registers them as instances.
 */
export async function ensureDemoInstances(db: Database, serverUrl: string) {
  const appDbName = new URL(serverUrl).pathname.slice(1) || "syncdeck";
  const admin = postgres(withDatabase(serverUrl, "postgres"), { max: 1, onnotice: () => {} });
  const registered: string[] = [];
  try {
    for (const demo of DEMO_DATABASES) {
      const dbName = `${appDbName}_demo_${demo.name}`;
      const url = withDatabase(serverUrl, dbName);
      await ensureDatabase(url);
      for (const role of demo.roles) {
        const [exists] = await admin`select 1 from pg_roles where rolname = ${role.name}`;
        if (!exists)
          await admin.unsafe(`create role "${role.name}" ${role.attrs}`).catch((e: { code?: string }) => {
            if (e.code !== "42710") throw e; // another process created it first
          });
        if (role.memberOf) await admin.unsafe(`grant "${role.memberOf}" to "${role.name}"`);
      }
      await admin.unsafe(`grant connect on database "${dbName}" to ${demo.roles.map((r) => `"${r.name}"`).join(", ")}`);
      const name = `demo-${demo.name}`;
      const [existing] = await db.select({ id: instances.id }).from(instances).where(eq(instances.name, name));
      if (!existing) {
        await db
          .insert(instances)
          .values({ name, kind: "postgres", secretCiphertext: encryptSecret(url), endpoint: postgresEndpoint(url) });
      }
      registered.push(name);
    }
  } finally {
    await admin.end();
  }
  return registered;
}
