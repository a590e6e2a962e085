/**
 * Secrets stay on the server: instance connection URLs and passwords, alert destination URLs and
 * signing secrets, API token values, BETTER_AUTH_SECRET and the encryption key appear in no API
 * response (every GET route crawled as a super admin), no log line (the app's pino logger captured
 * while a batch fails against an instance with a password in its URL) and no error message.
 * Sessions: sign-in is rate-limited, the cookie is httpOnly/SameSite=Lax (Secure over https) with
 * the session's lifetime, and an expired session is refused.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRules, auditLog, authSessions, instances, signInThrottle } from "@/db/schema";
import { SESSION_TTL_SECONDS } from "@/lib/auth/auth";
import { encryptSecret, generateEncryptionKey, loadEncryptionKey } from "@/lib/crypto/secrets";
import { EmbeddedRunner } from "@/lib/engine/runner";
import { logger } from "@/lib/logger";
import { workflows } from "@/lib/workflows";
import { signedInUser, setUpAppDatabase } from "./helpers/app";
import type { useTestDatabase } from "./helpers/db";
import { useGameServer } from "./helpers/game";
import { waitFor } from "./helpers/runner";
import { loadRoute, type RouteModule } from "./helpers/api";
import { pathIdTable, routeHandlers } from "./helpers/fuzz-surface";

describe("secrets never leave the server; sessions are guarded", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let cookie = "";
  let adminEmail = "";
  const secrets: Record<string, string> = {};
  const logLines: string[] = [];

  const signInRequest = (email: string, password: string, forwardedFor: string) =>
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ email, password }),
    });

  async function call(
    template: string,
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    opts: { params?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const mod = (await loadRoute(template)) as RouteModule;
    const pathname = template.replace(/\{(\w+)\}/g, (_, k: string) => opts.params![k]!);
    const req = new Request(new URL(pathname, "http://localhost:3000"), {
      method,
      headers: { cookie, "content-type": "application/json", ...opts.headers },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const res = await mod[method]!(req, { params: Promise.resolve(opts.params ?? {}) });
    return { status: res.status, text: await res.text() };
  }

  const leaks = (text: string) =>
    Object.entries(secrets)
      .filter(([, v]) => text.includes(v))
      .map(([k]) => k);

  beforeAll(async () => {
    t = await setUpAppDatabase("secrets");
    const g = await useGameServer(t.db);
    afterAll(async () => {
      await g.server.close();
    });

    ({ email: adminEmail, cookie } = await signedInUser(t.db, "super_admin", "Secrets Admin", "secrets-password"));

    const password = `Pw${randomUUID().replace(/-/g, "")}`;
    secrets.password = password;
    secrets.connectionUrl = `postgres://syncer:${password}@127.0.0.1:1/shop`;
    secrets.betterAuthSecret = process.env.BETTER_AUTH_SECRET!;
    secrets.encryptionKey = process.env.SYNCDECK_ENCRYPTION_KEY!;
    const created = await call("/api/v1/instances", "POST", {
      body: { name: "leaky", kind: "postgres", connectionUrl: secrets.connectionUrl },
    });
    expect(created.status, created.text).toBe(201);
    expect(leaks(created.text)).toEqual([]);

    secrets.alertUrl = `https://hooks.example.test/services/${randomUUID()}`;
    secrets.alertSigningSecret = `whsec_${randomUUID().replace(/-/g, "")}`;
    await t.db.insert(alertRules).values({
      name: "leaky rule",
      scope: "all",
      condition: "run_failed",
      destination: "webhook",
      urlEncrypted: encryptSecret(secrets.alertUrl),
      signingSecretEncrypted: encryptSecret(secrets.alertSigningSecret),
    });

    // The token is shown once, in the create response; never again.
    const token = await call("/api/v1/tokens", "POST", { body: { name: "leaky token", role: "ops" } });
    expect(token.status).toBe(201);
    secrets.apiToken = (JSON.parse(token.text) as { token: string }).token;

    const { account, store } = g.pair(0);
    expect((await call("/api/v1/bindings", "POST", { body: { gameAccountId: account.id, storeId: store.id } })).status).toBe(201);

    // A batch that fails against the instance with a password in its URL, with the app's logger captured at its most verbose.
    const stream = (logger as unknown as Record<symbol, { write: (s: string) => boolean }>)[pino.symbols.streamSym]!;
    const write = stream.write.bind(stream);
    stream.write = (s: string) => (logLines.push(s), true);
    const level = logger.level;
    logger.level = "trace";
    const runner = new EmbeddedRunner({ db: t.db, sql: t.sql, workflows, logger: logger.child({ component: "engine" }), pollMs: 50 });
    try {
      const session = await call("/api/v1/sessions", "POST", {
        headers: { authorization: `Bearer ${secrets.apiToken}` },
        body: { category: "account", instanceIds: [JSON.parse(created.text).id] },
      });
      expect(session.status, session.text).toBe(201);
      await runner.start();
      await waitFor(
        async () =>
          JSON.parse((await call("/api/v1/sessions/{id}", "GET", { params: { id: JSON.parse(session.text).id } })).text).status !==
          "running",
        "the batch to fail",
      );
      const tested = await call("/api/v1/instances/{id}/test", "POST", { params: { id: JSON.parse(created.text).id } });
      expect(JSON.parse(tested.text)).toMatchObject({ ok: false });
    } finally {
      await runner.stop();
      logger.level = level;
      stream.write = write;
    }
  }, 120_000);

  it("no GET route answers a super admin with a secret", async () => {
    const crawled: string[] = [];
    for (const ref of routeHandlers(["api/v1", "api/health"]).filter((r) => r.method === "GET")) {
      const params: Record<string, string> = {};
      for (const [, name] of ref.template.matchAll(/\{(\w+)\}/g)) {
        const table = pathIdTable(ref.template);
        const [row] = table ? await t.sql.unsafe<{ id: string }[]>(`select id::text as id from "${table}" limit 1`) : [];
        params[name!] = row?.id ?? randomUUID();
      }
      const res = await call(ref.template, "GET", { params });
      expect(res.status, `${ref.template}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      expect(leaks(res.text), `GET ${ref.template}`).toEqual([]);
      crawled.push(`${ref.template} ${res.status}`);
    }
    console.log(`secrets: crawled ${crawled.length} GET routes, none carried a secret`);
    expect(crawled.filter((c) => c.endsWith(" 200")).length).toBeGreaterThan(15);
  });

  it("no log line carries a secret, while a run failed against the instance", () => {
    const text = logLines.join("");
    expect(logLines.length).toBeGreaterThan(0);
    expect(leaks(text)).toEqual([]);
    expect(text).not.toMatch(/:\/\/[^\s"/@]+:[^\s"/@]+@/);
  });

  it("error messages name the problem, not the secret", async () => {
    const wrongKind = await call("/api/v1/instances", "POST", {
      body: { name: "mysql-ish", kind: "mysql", connectionUrl: secrets.connectionUrl },
    });
    expect(wrongKind.status).toBe(400);
    expect(leaks(wrongKind.text)).toEqual([]);
    const dup = await call("/api/v1/instances", "POST", {
      body: { name: "leaky", kind: "postgres", connectionUrl: secrets.connectionUrl },
    });
    expect(dup.status).toBe(409);
    expect(leaks(dup.text)).toEqual([]);

    // An instance stored under another key: the test says which setting is wrong, and shows neither key nor URL.
    const otherKey = generateEncryptionKey();
    const [foreign] = await t.db
      .insert(instances)
      .values({
        name: "other-key",
        kind: "postgres",
        secretCiphertext: encryptSecret(secrets.connectionUrl!, loadEncryptionKey(otherKey)),
        endpoint: "127.0.0.1:1/shop",
      })
      .returning();
    const res = await call("/api/v1/instances/{id}/test", "POST", { params: { id: foreign!.id } });
    const body = JSON.parse(res.text) as { ok: boolean; message: string };
    expect(body.ok).toBe(false);
    expect(body.message).toMatch(/SYNCDECK_ENCRYPTION_KEY/);
    expect(res.text).not.toContain(otherKey);
    expect(leaks(res.text)).toEqual([]);
  });

  it("sign-in is rate-limited per address: repeated wrong passwords end in 429", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const statuses: number[] = [];
    // Different (unknown) emails from one address: the per-address limit, not the per-account lock, answers.
    for (let i = 0; i < 40 && !statuses.includes(429); i++) {
      const res = await POST(signInRequest(`nobody-${i}@test.local`, `wrong-${i}`, "203.0.113.7"));
      statuses.push(res.status);
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    console.log(`secrets: sign-in answered 429 after ${statuses.indexOf(429)} failed attempts from one address`);
  });

  it("an account is locked after 10 failed sign-ins whatever address each claims; the right password waits too; others are unaffected", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const { ensureUser } = await import("@/lib/demo/users");
    const target = `locked-${randomUUID().slice(0, 8)}@test.local`;
    const bystander = `bystander-${randomUUID().slice(0, 8)}@test.local`;
    await ensureUser(t.db, { name: "Target", email: target, password: "target-password", role: "ops" });
    await ensureUser(t.db, { name: "Bystander", email: bystander, password: "bystander-password", role: "viewer" });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // A new X-Forwarded-For every time: what rotating the header would buy an attacker.
      const res = await POST(signInRequest(i % 2 ? target.toUpperCase() : target, `guess-${i}`, `198.51.100.${i + 1}`));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const right = await POST(signInRequest(target, "target-password", "198.51.100.99"));
    expect(right.status).toBe(429);
    const body = (await right.json()) as { message: string };
    expect(body.message).toMatch(/Too many failed sign-ins for this account\. Try again in 15 minutes\./);
    expect(
      await t.db.$count(auditLog, and(eq(auditLog.action, "auth.sign_in_locked"), sql`${auditLog.details}->>'email' = ${target}`)),
    ).toBe(1);
    expect((await POST(signInRequest(bystander, "bystander-password", "198.51.100.98"))).status).toBe(200);

    // When the lock has run out, the right password works and the count starts again.
    await t.db
      .update(signInThrottle)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(signInThrottle.email, target));
    expect((await POST(signInRequest(target, "target-password", "198.51.100.97"))).status).toBe(200);
    expect(await t.db.$count(signInThrottle, eq(signInThrottle.email, target))).toBe(0);
  });

  it("the session cookie is httpOnly, SameSite=Lax, lives as long as the session, and is Secure over https", async () => {
    const { createAuth } = await import("@/lib/auth/auth");
    const { ensureUser } = await import("@/lib/demo/users");
    const email = `cookie-${randomUUID().slice(0, 8)}@test.local`;
    await ensureUser(t.db, { name: "Cookie", email, password: "cookie-password", role: "viewer" });
    for (const baseURL of ["http://localhost:3000", "https://syncdeck.example.test"]) {
      const auth = createAuth(t.db, { baseURL, secret: process.env.BETTER_AUTH_SECRET });
      const res = await auth.api.signInEmail({ body: { email, password: "cookie-password" }, asResponse: true });
      const session = res.headers.getSetCookie().find((c) => /session_token=/.test(c))!;
      expect(session).toMatch(/;\s*HttpOnly/i);
      expect(session).toMatch(/;\s*SameSite=Lax/i);
      expect(session).toMatch(new RegExp(`;\\s*Max-Age=${SESSION_TTL_SECONDS}\\b`, "i"));
      if (baseURL.startsWith("https")) expect(session).toMatch(/;\s*Secure/i);
      else expect(session).not.toMatch(/;\s*Secure/i);
    }
  });

  it("an expired session is refused", async () => {
    const { getAuth } = await import("@/lib/auth/server");
    const res = await getAuth().api.signInEmail({ body: { email: adminEmail, password: "secrets-password" }, asResponse: true });
    const own = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const saved = cookie;
    cookie = own;
    try {
      expect((await call("/api/v1/schedules", "GET")).status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      await t.db.update(authSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(authSessions.token, token));
      const after = await call("/api/v1/schedules", "GET");
      expect(after.status).toBe(401);
      expect(JSON.parse(after.text)).toMatchObject({ error: { code: "unauthorized:session" } });
    } finally {
      cookie = saved;
    }
  });
});
