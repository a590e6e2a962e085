import { verifyPassword } from "better-auth/crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { authAccounts, authUsers } from "@/db/schema";
import { DEMO_USERS } from "@/lib/demo/users";
import { isLoopback } from "@/lib/process-tools";

/** The demo users whose password is still the one printed in the README. */
export async function demoUsersWithPublishedPassword(db: Database): Promise<string[]> {
  const rows = await db
    .select({ email: authUsers.email, hash: authAccounts.password })
    .from(authUsers)
    .innerJoin(authAccounts, and(eq(authAccounts.userId, authUsers.id), eq(authAccounts.providerId, "credential")))
    .where(
      inArray(
        authUsers.email,
        DEMO_USERS.map((u) => u.email),
      ),
    );
  const out: string[] = [];
  for (const r of rows) {
    const published = DEMO_USERS.find((u) => u.email === r.email)!.password;
    if (r.hash && (await verifyPassword({ hash: r.hash, password: published }))) out.push(r.email);
  }
  return out;
}

/**
 * Why the app must not listen on `host` (null when it may): exposed beyond this machine while a
 * demo user still signs in with its published password, unless SYNCDECK_ALLOW_DEMO_PASSWORDS=1.
 */
export function exposureRefusal(host: string, published: string[], allow: string | undefined): string | null {
  if (isLoopback(host) || published.length === 0 || allow === "1") return null;
  return (
    `refusing to listen on ${host}: ${published.join(", ")} still sign${published.length === 1 ? "s" : ""} in with the password published in the README. ` +
    "Change those passwords first, or set SYNCDECK_ALLOW_DEMO_PASSWORDS=1 to expose the demo anyway (or leave HOST unset to listen on 127.0.0.1 only)."
  );
}
