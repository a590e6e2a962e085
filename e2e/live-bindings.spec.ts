import { expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("admin") });

// While a streamed page swaps its server HTML for the client tree, a node can briefly exist twice: read the visible one.
const battleCount = (page: import("@playwright/test").Page) => page.getByTestId("store-battle-count").filter({ visible: true });
const count = async (locator: import("@playwright/test").Locator) => Number((await locator.textContent())?.trim() ?? "NaN");

test("bind an account in the browser: records flow within 10 s, the store's battles grow, and stop after unbind", async ({ page }) => {
  await page.goto("/bindings");
  await page.getByRole("button", { name: "Bind account" }).click();
  const dialog = page.getByRole("dialog", { name: "Bind an account to a store" });
  await dialog.getByRole("combobox", { name: "Game account" }).click();
  await page.getByRole("option", { disabled: false }).first().click();
  const account = (await dialog.getByRole("combobox", { name: "Game account" }).textContent())!.trim();
  await dialog.getByRole("combobox", { name: "Store", exact: true }).click();
  await page.getByRole("option").first().click();
  const store = (await dialog.getByRole("combobox", { name: "Store", exact: true }).textContent())!.trim();
  await dialog.getByRole("button", { name: "Bind", exact: true }).click();

  // The live session page: records synced within 10 s of binding, without a reload.
  await expect(page).toHaveURL(/\/live-sessions\/[0-9a-f-]{36}$/);
  await expect.poll(() => count(page.getByTestId("records-total-battles")), { timeout: 10_000 }).toBeGreaterThan(0);

  // The store's battle list grows while we watch.
  await page.getByRole("link", { name: store }).first().click();
  await expect(page).toHaveURL(/\/stores\/[0-9a-f-]{36}/);
  const storeUrl = page.url();
  const battles = battleCount(page);
  await expect.poll(() => count(battles), { timeout: 10_000 }).toBeGreaterThan(0);
  const first = await count(battles);
  await expect.poll(() => count(battles), { timeout: 20_000 }).toBeGreaterThan(first);

  // Unbind: the counts stop growing.
  await page.goto("/bindings");
  const row = page.locator(`[data-testid="binding-row"][data-account="${account}"][data-status="active"]`);
  await row.getByRole("button", { name: "Unbind", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Unbind", exact: true }).click();
  await expect(page.locator(`[data-testid="binding-row"][data-account="${account}"]`).first()).toHaveAttribute("data-status", "inactive");
  await page.waitForTimeout(1_500);
  await page.goto(storeUrl);
  await expect(battleCount(page)).toHaveText(/^\d+$/);
  const frozen = await count(battleCount(page));
  // Battles are produced every 1–2 s and fetched every 5 s: 8 s would show growth if it continued.
  await page.waitForTimeout(8_000);
  await page.reload();
  await expect(battleCount(page)).toHaveText(/^\d+$/);
  expect(await count(battleCount(page))).toBe(frozen);
});
