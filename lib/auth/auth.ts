import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import type { Database } from "@/db/client";
import { authAccounts, authSessions, authUsers, authVerifications } from "@/db/schema";

export const SESSION_TTL_SECONDS = 60 * 60 * 12;

export function createAuth(db: Database, options: { baseURL?: string; secret?: string } = {}) {
  const baseURL = options.baseURL ?? process.env.BETTER_AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const origin = new URL(baseURL);
  return betterAuth({
    appName: "Syncdeck",
    baseURL,
    secret: options.secret ?? process.env.BETTER_AUTH_SECRET,
    trustedOrigins: [baseURL, `${origin.protocol}//127.0.0.1:${origin.port}`, `${origin.protocol}//localhost:${origin.port}`],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: authUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    // Accounts are created by super admins and the seed, never by sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "viewer", input: false } } },
    session: { expiresIn: SESSION_TTL_SECONDS, updateAge: 60 * 60 },
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { "/sign-in/email": { window: 60, max: 30 } } },
    advanced: { defaultCookieAttributes: { httpOnly: true, sameSite: "lax" } },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
