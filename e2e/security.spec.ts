import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { Page } from "@playwright/test";
import { expect, storageState, test } from "./fixtures";

const PAGES = [
  "/",
  "/sessions",
  "/live-sessions",
  "/bindings",
  "/instances",
  "/statistics",
  "/schedules",
  "/audit",
  "/tokens",
  "/alerts",
  "/api-docs",
];

/** Collects CSP violations (DOM events and console reports) for a page. */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Refused to load (CSP ${e.violatedDirective}) ${e.blockedURI}`),
    );
  });
  return violations;
}

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  const csp = headers["content-security-policy"] ?? "";
  for (const directive of [
    "default-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "connect-src 'self'",
  ]) {
    expect(csp, `${what}: CSP has ${directive}`).toContain(directive);
  }
  // No inline script runs without this response's nonce (pages) or at all (everything else).
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
}

test.describe("security headers and secrets in pages", () => {
  test.use({ storageState: storageState("admin") });

  test("every dashboard page works under the CSP and its HTML carries no secret", async ({ page, request }) => {
    // Secrets the server holds: an instance's connection URL, an API token's value.
    const password = `Pw${randomUUID().replace(/-/g, "")}`;
    const connectionUrl = `postgres://e2e:${password}@127.0.0.1:1/secretdb`;
    const created = await request.post("/api/v1/instances", {
      data: { name: `secret-${password.slice(2, 10)}`, kind: "postgres", connectionUrl },
    });
    expect(created.status()).toBe(201);
    const token = await request.post("/api/v1/tokens", { data: { name: `e2e-${password.slice(2, 8)}`, role: "viewer" } });
    expect(token.status()).toBe(201);
    const secrets = [password, connectionUrl, ((await token.json()) as { token: string }).token];

    const violations = await watchCsp(page);
    for (const path of PAGES) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      expectSecurityHeaders(res!.headers(), path);
      await page.waitForLoadState("networkidle");
      // Hydrated: the App Router's client runtime ran (inline bootstrap scripts were allowed).
      expect(
        await page.evaluate(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version)),
        `${path} hydrated`,
      ).toBe(true);
      const html = `${await res!.text()}${await page.content()}`;
      for (const s of secrets) expect(html.includes(s), `${path} shows a secret`).toBe(false);
    }
    expect(violations).toEqual([]);
  });
});

test.describe("CSP nonce, CSRF and hostile requests against the running server", () => {
  test.use({ storageState: storageState("admin") });

  test("each page load gets its own nonce, on Next's inline scripts too", async ({ page }) => {
    const nonces: string[] = [];
    for (const path of ["/sessions", "/sessions", "/alerts"]) {
      const res = await page.goto(path);
      const csp = res!.headers()["content-security-policy"] ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      const inline = await page.locator("script:not([src])").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
      expect(inline.length).toBeGreaterThan(0);
      // The browser hides the attribute after parsing; the property keeps the value.
      expect(new Set(inline)).toEqual(new Set([nonce]));
      nonces.push(nonce!);
    }
    expect(new Set(nonces).size).toBe(3);
  });

  test("get-session and list-sessions give page scripts no session token; the cookie stays httpOnly", async ({ page }) => {
    await page.goto("/sessions");
    const bodies = await page.evaluate(async () => {
      const get = await (await fetch("/api/auth/get-session")).text();
      const list = await (await fetch("/api/auth/list-sessions")).text();
      return { get, list, cookie: document.cookie };
    });
    const session = JSON.parse(bodies.get) as { session: Record<string, unknown>; user: { email: string } };
    expect(session.user.email).toBe("admin@syncdeck.local");
    expect(session.session.id).toBeTruthy();
    expect(Object.keys(session.session)).not.toContain("token");
    const list = JSON.parse(bodies.list) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    for (const s of list) expect(Object.keys(s)).not.toContain("token");
    expect(bodies.cookie).not.toMatch(/session_token/);
  });

  test("a page on another port of this host (same site) cannot make the browser create an alert rule", async ({
    page,
    baseURL,
    upstream,
  }) => {
    // The attack that worked: a no-cors text/plain fetch with the cookie, from a sibling origin.
    const port = Number(process.env.E2E_ATTACKER_PORT ?? Number(new URL(baseURL!).port) + 1);
    const target = `${baseURL}/api/v1/alert-rules`;
    const name = `csrf-${randomUUID().slice(0, 8)}`;
    const html = `<script>fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" },
      body: JSON.stringify({ name: ${JSON.stringify(name)}, scope: "all", condition: "run_failed", destination: "webhook", url: "http://127.0.0.1:9/x" }) })</script>`;
    const server = createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const answered = page.waitForResponse((r) => r.url() === target && r.request().method() === "POST");
      await page.goto(`http://localhost:${port}/`);
      const res = await answered;
      expect(res.status()).toBe(403);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const [row] = await upstream<{ n: number }[]>`select count(*)::int as n from alert_rules where name = ${name}`;
    expect(row!.n).toBe(0);
  });

  test("cross-site mutations are 403s, non-JSON bodies 415s; a token is unaffected", async ({ request, baseURL }) => {
    const body = { category: "account" };
    for (const headers of <Record<string, string>[]>[
      { origin: "http://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors" },
    ]) {
      const res = await request.post("/api/v1/sessions", { data: body, headers });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden:cross_site");
    }
    const plain = await request.post("/api/v1/sessions", {
      data: JSON.stringify(body),
      headers: { "content-type": "text/plain", origin: baseURL! },
    });
    expect(plain.status()).toBe(415);
    // Server actions: Next's own check answered 500; the proxy answers first.
    for (const [headers, data, status] of [
      [{ origin: "http://evil.example", "content-type": "text/plain;charset=UTF-8" }, "[{}]", 403],
      [{ origin: baseURL!, "content-type": "text/plain;charset=UTF-8" }, "{not json", 400],
      [{ origin: baseURL!, "content-type": "text/plain;charset=UTF-8" }, "\ufeff[{}]", 400],
      [{ origin: baseURL!, "content-type": "text/plain;charset=UTF-8" }, `["${"a".repeat(1024 * 1024)}"]`, 413],
    ] as const) {
      const res = await request.post("/sessions", {
        headers: { "next-action": "7f0000000000000000000000000000000000000000", ...headers },
        data,
      });
      expect(res.status(), `${headers.origin} ${data.slice(0, 20)}`).toBe(status);
      expect(res.headers()["content-type"]).toMatch(/^application\/json/);
    }
  });

  test("a path id that is not UTF-8 is a JSON 400, not Next's plain 500", async ({ request }) => {
    for (const path of ["/api/v1/sessions/%ED%A0%80", "/api/v1/alert-rules/%C0%AF/mute", "/sessions/%ED%A0%80"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe("bad_request:path");
    }
  });
});

test.describe("signed out", () => {
  test("API answers, errors included, carry the same headers", async ({ request }) => {
    for (const [path, status] of [
      ["/api/health", 200],
      ["/api/v1/openapi.json", 200],
      ["/api/v1/sessions", 401],
    ] as const) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(status);
      expectSecurityHeaders(res.headers(), path);
    }
  });

  test("the sign-in page works under the CSP and sets a httpOnly, SameSite=Lax session cookie", async ({ page, context }) => {
    const violations = await watchCsp(page);
    const res = await page.goto("/sign-in");
    expectSecurityHeaders(res!.headers(), "/sign-in");
    await page.getByLabel("Email").fill("viewer@syncdeck.local");
    await page.getByLabel("Password").fill("syncdeck-viewer");
    // The sign-in answer tells page scripts who signed in, not the session token. Its body is read
    // as it arrives: the page navigates away right after, and the browser then drops it.
    let answer: Record<string, unknown> | undefined;
    await page.route("**/api/auth/sign-in/email", async (route) => {
      const response = await route.fetch();
      answer = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response });
    });
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/sign-in/);
    expect(answer?.user).toBeTruthy();
    expect(Object.keys(answer ?? {})).not.toContain("token");
    const cookie = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(violations).toEqual([]);
  });
});
