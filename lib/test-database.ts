import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { runMigrations } from "@/db/migrate";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/embedded-postgres";

export const TEST_TEMPLATE_DB = "syncdeck_test_template";
export const TEST_PG_PORT = Number(process.env.SYNCDECK_TEST_PG_PORT ?? 54339);

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * The PostgreSQL server tests run against: TEST_DATABASE_URL or DATABASE_URL when set
 * (its server is used, never its data), otherwise an embedded one under `.data/test-pg`.
 */
export async function startTestServer(root: string): Promise<{ serverUrl: string; server: EmbeddedServer | null }> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    const host = new URL(external).hostname;
    if (!["localhost", "127.0.0.1", "::1"].includes(host) && process.env.SYNCDECK_ALLOW_REMOTE_TEST_DB !== "1") {
      throw new Error(`Refusing to run tests against non-local database host ${host}`);
    }
    return { serverUrl: withDatabase(external, "postgres"), server: null };
  }
  // A non-default port gets a data dir of its own, so two checkouts' suites can run side by side.
  const dir = path.join(root, ".data", TEST_PG_PORT === 54339 ? "test-pg" : `test-pg-${TEST_PG_PORT}`);
  const server = await startEmbeddedPostgres({ dir, port: TEST_PG_PORT, portVariable: "SYNCDECK_TEST_PG_PORT" });
  return { serverUrl: server.url("postgres"), server };
}

/** (Re)creates the migrated template every test database is cloned from. */
export async function prepareTemplate(serverUrl: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${TEST_TEMPLATE_DB} with (force)`);
    await admin.unsafe(`create database ${TEST_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, TEST_TEMPLATE_DB));
}

/** A fresh, migrated database of its own, cloned from the template. */
export async function createDatabaseFromTemplate(serverUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${TEST_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return { name, url: withDatabase(serverUrl, name) };
}

export async function dropDatabase(serverUrl: string, name: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
