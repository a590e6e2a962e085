import { expect, storageState, test } from "./fixtures";

test.describe("super admin", () => {
  test.use({ storageState: storageState("admin") });

  test("creates a token, sees its secret once, calls the API with it, revokes it and the same call is then a 401", async ({
    page,
    playwright,
    baseURL,
    upstream,
  }) => {
    const name = `e2e-token-${Date.now()}`;
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
    await expect(page).toHaveURL(/\/tokens$/);
    await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();

    await page.getByRole("button", { name: "Create token" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("combobox", { name: "Role" }).click();
    await page.getByRole("option", { name: /^Ops/ }).click();
    await dialog.getByRole("combobox", { name: "Expires after" }).click();
    await page.getByRole("option", { name: "30 days" }).click();
    await dialog.getByRole("button", { name: "Create token" }).click();

    await expect(dialog.getByRole("heading", { name: `Token ${name} created` })).toBeVisible();
    await expect(dialog.getByRole("status")).toContainText("You will not see this token again");
    const secret = await dialog.getByTestId("token-secret").inputValue();
    expect(secret).toMatch(/^sdk_[A-Za-z0-9_-]{43}$/);
    await expect(dialog.getByRole("button", { name: "Copy" })).toBeVisible();
    await page.screenshot({ path: "test-results/tokens-secret.png" });
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toHaveCount(0);

    // Listed with its role, creator and expiry; the secret is nowhere on the page any more, nor in the API's list.
    const row = page.getByTestId("token-row").filter({ hasText: name });
    await expect(row).toHaveAttribute("data-status", "active");
    await expect(row).toContainText("Ops");
    await expect(row).toContainText("Ada Admin");
    await expect(row).toContainText("Never"); // last used
    await expect(page.locator("body")).not.toContainText(secret);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("token-secret")).toHaveCount(0);
    await page.keyboard.press("Escape");
    expect(await (await page.request.get("/api/v1/tokens")).text()).not.toContain(secret);

    const api = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { Authorization: `Bearer ${secret}` },
    });
    expect((await api.get("/api/v1/sessions")).status()).toBe(200);
    // The use shows in the list after a reload.
    await page.reload();
    await expect(row).not.toContainText("Never");

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("dialog");
    await expect(confirm.getByRole("heading", { name: `Revoke ${name}?` })).toBeVisible();
    await expect(confirm).toContainText("stops working at once");
    await confirm.getByRole("button", { name: "Revoke token" }).click();
    await expect(row).toHaveAttribute("data-status", "revoked");
    await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
    await page.screenshot({ path: "test-results/tokens-list.png", fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.screenshot({ path: "test-results/tokens-list-dark.png", fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });

    const after = await api.get("/api/v1/sessions");
    expect(after.status()).toBe(401);
    expect((await after.json()).error.message).toMatch(/revoked/);
    await api.dispose();

    // Both changes went through the audited verbs, once each, with the secret in neither row.
    const audit = await upstream<{ action: string; details: unknown }[]>`
      select action, details from audit_log where target_type = 'api_token'
        and target_id = (select id::text from api_tokens where name = ${name}) order by id`;
    expect(audit.map((a) => a.action)).toEqual(["api_token.create", "api_token.revoke"]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});

for (const who of ["ops", "viewer"] as const) {
  test.describe(who, () => {
    test.use({ storageState: storageState(who) });

    test("does not see the tokens page, and the server refuses token changes", async ({ page }) => {
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "API tokens" })).toHaveCount(0);
      const res = await page.goto("/tokens");
      expect(res?.status()).toBe(404);
      await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
      const created = await page.request.post("/api/v1/tokens", { data: { name: `e2e-${who}`, role: "viewer" } });
      expect(created.status()).toBe(403);
      expect((await created.json()).error.code).toBe("forbidden:api_token");
      expect((await page.request.get("/api/v1/tokens")).status()).toBe(403);
    });
  });
}

test.describe("super admin on a phone (390 px), light and dark", () => {
  test.use({ storageState: storageState("admin"), viewport: { width: 390, height: 844 } });

  test("the tokens page and its dialogs fit the width", async ({ page }) => {
    await page.goto("/tokens");
    await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: "test-results/tokens-phone.png", fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.screenshot({ path: "test-results/tokens-phone-dark.png", fullPage: true });
    await page.getByRole("button", { name: "Create token" }).click();
    const box = await page.getByRole("dialog").boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/tokens-create-phone-dark.png" });
  });
});
