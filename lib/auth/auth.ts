import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import type { Database } from "@/db/client";
import { authAccounts, authSessions, authUsers, authVerifications } from "@/db/schema";
import { trustedOrigins } from "@/lib/http/origin";
import { clearSignInFailures, normalizeSignInEmail, recordSignInFailure, signInLockedFor } from "./sign-in-throttle";

const SIGN_IN = "/sign-in/email";

/** Behind a proxy that appends to X-Forwarded-For: its addresses (comma-separated IPs or CIDRs), so the client's own is found. */
const trustedProxies = (process.env.SYNCDECK_TRUSTED_PROXIES ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

export const SESSION_TTL_SECONDS = 60 * 60 * 12;

export function createAuth(db: Database, options: { baseURL?: string; secret?: string } = {}) {
  const baseURL = options.baseURL ?? process.env.BETTER_AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const origin = new URL(baseURL);
  const extraOrigins = options.baseURL ? [] : trustedOrigins();
  return betterAuth({
    appName: "Syncdeck",
    baseURL,
    secret: options.secret ?? process.env.BETTER_AUTH_SECRET,
    trustedOrigins: [
      ...new Set([
        baseURL,
        `${origin.protocol}//127.0.0.1:${origin.port}`,
        `${origin.protocol}//localhost:${origin.port}`,
        ...extraOrigins,
      ]),
    ],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: authUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    // Accounts are created by super admins and the seed, never by sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "viewer", input: false } } },
    session: { expiresIn: SESSION_TTL_SECONDS, updateAge: 60 * 60 },
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { "/sign-in/email": { window: 60, max: 30 } } },
    advanced: {
      // better-auth skips its Origin check when NODE_ENV=test: keep it on, so the tests see what production does.
      disableOriginCheck: false,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      ...(trustedProxies.length ? { ipAddress: { trustedProxies } } : {}),
    },
    // Per account, whatever address a request claims: after repeated failures an email is locked for a while.
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const email = normalizeSignInEmail(ctx.body?.email);
        if (!email) return;
        const wait = await signInLockedFor(db, email);
        if (wait > 0) {
          throw new APIError("TOO_MANY_REQUESTS", {
            code: "SIGN_IN_LOCKED",
            message: `Too many failed sign-ins for this account. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const email = normalizeSignInEmail(ctx.body?.email);
        if (!email) return;
        const returned = ctx.context.returned;
        if (returned instanceof APIError) {
          if (returned.statusCode === 401) await recordSignInFailure(db, email);
        } else await clearSignInFailures(db, email);
      }),
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
