import { afterAll, inject } from "vitest";
import { createDb } from "@/db/client";
import { createDatabaseFromTemplate, dropDatabase } from "@/lib/test-database";
import { generateEncryptionKey } from "@/lib/crypto/secrets";

process.env.SYNCDECK_ENCRYPTION_KEY ??= generateEncryptionKey();

/** A database of this test file's own, dropped when the file ends. */
export async function useTestDatabase(prefix = "t") {
  const serverUrl = inject("testServerUrl");
  const { name, url } = await createDatabaseFromTemplate(serverUrl, prefix);
  const handle = createDb(url, { max: 8 });
  afterAll(async () => {
    await handle.sql.end({ timeout: 5 });
    await dropDatabase(serverUrl, name);
  });
  return { ...handle, url, name, serverUrl };
}

/**
 * Roles are server-wide, and test files run in parallel: a test that creates roles or counts
 * them holds this lock (taken in the server's `postgres` database) while it does.
 */
export async function withServerRoleLock<T>(serverUrl: string, fn: () => Promise<T>): Promise<T> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(424242)`;
    return await fn();
  } finally {
    await sql`select pg_advisory_unlock(424242)`.catch(() => {});
    await sql.end();
  }
}
