import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { writeAudit } from "@/lib/audit/write";
import { logger } from "@/lib/logger";

/** Failed sign-ins for one email within WINDOW_MINUTES that lock it for LOCK_MINUTES. */
export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_WINDOW_MINUTES = 15;
export const SIGN_IN_LOCK_MINUTES = 15;

export const normalizeSignInEmail = (email: unknown) => (typeof email === "string" ? email.trim().toLowerCase().slice(0, 320) : null);

/** Seconds until the email may try again; 0 when it is not locked. */
export async function signInLockedFor(db: Database, email: string): Promise<number> {
  const [row] = await db.execute<{ wait: number }>(sql`
    select ceil(extract(epoch from (locked_until - now())))::int as wait from sign_in_throttle where email = ${email} and locked_until > now()`);
  return row?.wait ?? 0;
}

/**
 * Counts a failed sign-in. Failures older than the window start a new count; the one that reaches
 * the maximum locks the email, audited once (the lock is what a super admin wants to know about).
 */
export async function recordSignInFailure(db: Database, email: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ failures: number }>(sql`
      insert into sign_in_throttle as t (email, failures, window_started_at) values (${email}, 1, now())
      on conflict (email) do update set
        failures = case when t.window_started_at < now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES}) then 1 else t.failures + 1 end,
        window_started_at = case when t.window_started_at < now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES}) then now() else t.window_started_at end
      returning failures`);
    if ((row?.failures ?? 0) < SIGN_IN_MAX_FAILURES) return;
    await tx.execute(sql`
      update sign_in_throttle set locked_until = now() + make_interval(mins => ${SIGN_IN_LOCK_MINUTES}), failures = 0, window_started_at = now()
      where email = ${email}`);
    await writeAudit(
      tx,
      { type: "system", id: null, label: "sign-in throttle" },
      {
        action: "auth.sign_in_locked",
        targetType: "user",
        targetId: null,
        details: { email, failures: SIGN_IN_MAX_FAILURES, minutes: SIGN_IN_LOCK_MINUTES },
      },
    );
    logger.warn({ failures: SIGN_IN_MAX_FAILURES, minutes: SIGN_IN_LOCK_MINUTES }, "sign-in locked for an account after repeated failures");
  });
}

/** A successful sign-in forgets earlier failures. */
export async function clearSignInFailures(db: Database, email: string) {
  await db.execute(sql`delete from sign_in_throttle where email = ${email}`);
}
