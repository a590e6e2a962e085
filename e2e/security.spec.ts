import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, storageState, test } from "./fixtures";

const PAGES = ["/", "/sessions", "/live-sessions", "/bindings", "/instances", "/statistics", "/schedules", "/audit", "/alerts", "/api-docs"];

/** Collects CSP violations (DOM events and console reports) for a page. */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to load (CSP ${e.violatedDirective}) ${e.blockedURI}`));
  });
  return violations;
}

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  const csp = headers["content-security-policy"] ?? "";
  for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'", "connect-src 'self'"]) {
    expect(csp, `${what}: CSP has ${directive}`).toContain(directive);
  }
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
    const created = await request.post("/api/v1/instances", { data: { name: `secret-${password.slice(2, 10)}`, kind: "postgres", connectionUrl } });
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
      expect(await page.evaluate(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version)), `${path} hydrated`).toBe(true);
      const html = `${await res!.text()}${await page.content()}`;
      for (const s of secrets) expect(html.includes(s), `${path} shows a secret`).toBe(false);
    }
    expect(violations).toEqual([]);
  });

});

test.describe("signed out", () => {
  test("API answers, errors included, carry the same headers", async ({ request }) => {
    for (const [path, status] of [["/api/health", 200], ["/api/v1/openapi.json", 200], ["/api/v1/sessions", 401]] as const) {
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
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/sign-in/);
    const cookie = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(violations).toEqual([]);
  });
});
