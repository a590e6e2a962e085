import { expect, storageState, test } from "./fixtures";

test.describe("viewer", () => {
  test.use({ storageState: storageState("viewer") });

  test("sees sessions but no start button, and the server refuses the action", async ({ page, request }) => {
    await page.goto("/sessions");
    await expect(page.getByRole("heading", { name: /sync sessions/i })).toBeVisible();
    await expect(page.getByRole("button", { name: "Start batch" })).toHaveCount(0);

    const res = await request.post("/api/v1/sessions", { data: { category: "account" } });
    expect(res.status()).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe("forbidden:sync_session");
    expect(body.error.message).toMatch(/viewer/);
  });
});

test.describe("anonymous", () => {
  test("is sent to sign-in and gets 401 from the API", async ({ page, request }) => {
    await page.goto("/sessions");
    await expect(page).toHaveURL(/sign-in/);
    const res = await request.get("/api/v1/sessions");
    expect(res.status()).toBe(401);
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect((await health.json()).database.ok).toBe(true);
  });

  test("a wrong password shows an error and stays on sign-in", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("ops@syncdeck.local");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
    await expect(page).toHaveURL(/sign-in/);
  });

  test("after 10 failed sign-ins an account is locked, and the sign-in page says for how long", async ({ page, request, baseURL }) => {
    // An email nobody has: failures count per submitted email, so no real account is locked for the other tests.
    const email = `locked-${Date.now()}@syncdeck.local`;
    for (let i = 0; i < 10; i++) {
      const res = await request.post("/api/auth/sign-in/email", { data: { email, password: `guess-${i}` }, headers: { origin: baseURL! } });
      expect(res.status()).toBe(401);
    }
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("whatever-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "Too many failed sign-ins for this account. Try again in 15 minutes." }),
    ).toBeVisible();
    await expect(page).toHaveURL(/sign-in/);
    await page.screenshot({ path: "test-results/sign-in-locked.png" });
  });
});

test.describe("API tokens", () => {
  test.use({ storageState: storageState("admin") });

  test("a viewer token reads but cannot mutate (403); a revoked token gets 401", async ({ request, playwright, baseURL }) => {
    const make = async (role: "ops" | "viewer") => {
      const res = await request.post("/api/v1/tokens", { data: { name: `e2e-${role}-${Date.now()}`, role } });
      expect(res.status()).toBe(201);
      return (await res.json()) as { id: string; token: string };
    };
    const viewer = await make("viewer");
    const api = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { Authorization: `Bearer ${viewer.token}` },
    });
    expect((await api.get("/api/v1/sessions")).status()).toBe(200);
    const denied = await api.post("/api/v1/sessions", { data: { category: "account" } });
    expect(denied.status()).toBe(403);
    expect((await denied.json()).error.code).toBe("forbidden:sync_session");
    const listed = await (await request.get("/api/v1/tokens")).text();
    expect(listed).not.toContain(viewer.token);

    expect((await request.delete(`/api/v1/tokens/${viewer.id}`)).status()).toBe(200);
    const revoked = await api.get("/api/v1/sessions");
    expect(revoked.status()).toBe(401);
    expect((await revoked.json()).error.message).toMatch(/revoked/);
    await api.dispose();
  });
});
