import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import type { Database } from "@/db/client";
import { syncSchedules, type Role } from "@/db/schema";
import { ensureDefaultSchedules } from "@/lib/schedules/queries";
// Aliased: the React hooks lint rule reads any use* call as a hook.
import { useTestDatabase as testDatabase } from "./db";

/**
 * A test database the route handlers and server actions use too (through the app's own client,
 * created lazily from DATABASE_URL on first use). Schedules exist but are disabled, so no
 * scheduled run joins what a test counts.
 */
export async function setUpAppDatabase(prefix: string) {
  const t = await testDatabase(prefix);
  process.env.DATABASE_URL = t.url;
  process.env.SYNC_ENGINE = "inline";
  process.env.BETTER_AUTH_SECRET ??= `test-secret-${randomUUID()}`;
  process.env.BETTER_AUTH_URL ??= "http://localhost:3000";
  const { appDb } = await import("@/db/client");
  afterAll(async () => {
    await appDb().sql.end({ timeout: 5 });
  });
  await ensureDefaultSchedules(t.db);
  await t.db.update(syncSchedules).set({ enabled: false });
  return t;
}

/** A user of this role signed in with email and password, as the browser does: its session cookie header. */
export async function signedInUser(db: Database, role: Role, name: string, password = `pw-${randomUUID()}`) {
  const { ensureUser } = await import("@/lib/demo/users");
  const { getAuth } = await import("@/lib/auth/server");
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomUUID().slice(0, 8)}@test.local`;
  await ensureUser(db, { name, email, password, role });
  const res = await getAuth().api.signInEmail({ body: { email, password }, asResponse: true });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { email, password, cookie };
}
