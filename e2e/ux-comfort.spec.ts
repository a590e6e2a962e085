import { randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { closedPort, hangingServer } from "@/lib/test-network";
import { addInstance, expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("admin") });

async function demoInstanceId(request: APIRequestContext, name: string) {
  const { items } = await (await request.get("/api/v1/instances")).json();
  const found = (items as { id: string; name: string }[]).find((i) => i.name === name);
  expect(found, `demo instance ${name}`).toBeTruthy();
  return found!.id;
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test("a run's page shows its timeline, log and statistics; the time toggle persists", async ({ page, request }) => {
  const tag = Date.now().toString(36);
  const broken = await addInstance(request, `unreachable-${tag}`, `postgres://u:pw@127.0.0.1:${await closedPort()}/db`);
  const shop = await demoInstanceId(request, "demo-shop");
  const res = await request.post("/api/v1/sessions", { data: { category: "account", instanceIds: [broken, shop] } });
  expect(res.status()).toBe(201);
  const { id } = await res.json();

  await page.goto(`/sessions/${id}`);
  await expect(page.getByTestId("session-status")).toHaveText(/partial/, { timeout: 30_000 });
  const bars = page.getByTestId("timeline-bar");
  await expect(bars).toHaveCount(2);
  const failedBar = page.locator(`[data-testid="timeline-bar"][data-instance-name="unreachable-${tag}"]`);
  await expect(failedBar).toHaveAttribute("data-status", "failed");
  await expect(page.locator('[data-testid="timeline-bar"][data-instance-name="demo-shop"]')).toHaveAttribute("data-status", "completed");

  // Hover tells the counts and the error of that record.
  const { records } = await (await request.get(`/api/v1/sessions/${id}`)).json();
  const error = (records as { instanceName: string; errorMessage: string | null }[]).find((r) => r.instanceName === `unreachable-${tag}`)!
    .errorMessage!;
  await failedBar.hover();
  const detail = page.getByTestId("timeline-detail");
  await expect(detail).toContainText(`unreachable-${tag}`);
  await expect(detail).toContainText("0 synced");
  await expect(detail).toContainText(error);
  await page.locator('[data-testid="timeline-bar"][data-instance-name="demo-shop"]').hover();
  await expect(detail).toContainText(/[1-9]\d* synced/);

  // The log and the statistics the API's include=logs,stats gives.
  const log = page.getByTestId("run-log");
  await expect(log.locator('[data-testid="run-log-entry"][data-event="failed"]')).toContainText(`unreachable-${tag}`);
  await expect(log.locator('[data-testid="run-log-entry"][data-event="completed"]')).toContainText("demo-shop");
  await expect(log.locator('[data-testid="run-log-entry"][data-event="sync_session.start"]')).toHaveCount(1);
  const stats = page.getByTestId("run-stats");
  await expect(stats).toContainText("2 · 1 ok · 1 failed");
  await expect(stats).toContainText("network 1");
  await page.screenshot({ path: "test-results/run-timeline.png", fullPage: true });

  // Relative → absolute, and it stays so after a reload.
  const times = page.getByRole("radiogroup", { name: "Times" });
  await times.getByRole("radio", { name: "Absolute" }).click();
  const started = page.locator("dt", { hasText: "Started" }).locator("xpath=following-sibling::dd[1]");
  await expect(started).not.toContainText("ago");
  await page.reload();
  await expect(times.getByRole("radio", { name: "Absolute" })).toHaveAttribute("aria-checked", "true");
  await expect(started).not.toContainText("ago");
  await times.getByRole("radio", { name: "Relative" }).click();
  await expect(started).toContainText(/ago|just now/);
});

test("Back and Forward undo and redo a filter change", async ({ page }) => {
  await page.goto("/sessions");
  const status = page.getByRole("radiogroup", { name: "Filter by status" });
  await expect(status.getByRole("radio", { name: "All" })).toHaveAttribute("aria-checked", "true");
  await status.getByRole("radio", { name: "Failed" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await status.getByRole("radio", { name: "Cancelled" }).click();
  await expect(page).toHaveURL(/status=cancelled/);

  await page.goBack();
  await expect(page).toHaveURL(/\/sessions\?status=failed$/);
  await expect(status.getByRole("radio", { name: "Failed" })).toHaveAttribute("aria-checked", "true");
  await page.goBack();
  await expect(page).toHaveURL(/\/sessions$/);
  await expect(status.getByRole("radio", { name: "All" })).toHaveAttribute("aria-checked", "true");
  await page.goForward();
  await expect(page).toHaveURL(/status=failed/);
  await expect(status.getByRole("radio", { name: "Failed" })).toHaveAttribute("aria-checked", "true");
});

test("an unknown id answers 404 with the page's not-found card", async ({ page, request }) => {
  const cases = [
    [`/sessions/${randomUUID()}`, "Sync session not found"],
    ["/sessions/not-a-uuid", "Sync session not found"],
    [`/live-sessions/${randomUUID()}`, /not found/i],
    ["/live-sessions/nope", /not found/i],
    [`/stores/${randomUUID()}`, /not found/i],
  ] as const;
  for (const [path, text] of cases) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(404);
    const nav = await page.goto(path);
    expect(nav?.status(), path).toBe(404);
    await expect(page.getByRole("main")).toContainText(text);
  }
  // A known one is still a 200.
  const list = await (await request.get("/api/v1/sessions?limit=1")).json();
  if (list.items[0]) expect((await request.get(`/sessions/${list.items[0].id}`)).status()).toBe(200);
});

test("dark mode follows the system setting and the toggle, and persists", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/statistics");
  const html = page.locator("html");
  await expect(html).toHaveClass(/\bdark\b/);
  // The body's background as the screen shows it: painted on a canvas whatever syntax the computed
  // style uses (oklch, lab, rgb), then read back as sRGB; dark means a low mean channel.
  const lightness = () =>
    page.evaluate(() => {
      const ctx = document.createElement("canvas").getContext("2d")!;
      ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return a === 0 ? 1 : (r! + g! + b!) / 3 / 255;
    });
  expect(await lightness()).toBeLessThan(0.3);
  await page.screenshot({ path: "test-results/dark-statistics.png", fullPage: true });
  await page.goto("/sessions");
  await page.screenshot({ path: "test-results/dark-sessions.png" });

  // system → light: the stored choice wins over the system setting, also after a reload.
  const toggle = page.getByTestId("theme-toggle");
  await expect(toggle).toHaveAttribute("data-theme-choice", "system");
  await toggle.click();
  await expect(toggle).toHaveAttribute("data-theme-choice", "light");
  await expect(html).not.toHaveClass(/\bdark\b/);
  expect(await lightness()).toBeGreaterThan(0.8);
  await page.reload();
  await expect(html).not.toHaveClass(/\bdark\b/);
  // light → dark, on a light system.
  await page.emulateMedia({ colorScheme: "light" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("data-theme-choice", "dark");
  await expect(html).toHaveClass(/\bdark\b/);
  await toggle.click();
  await expect(toggle).toHaveAttribute("data-theme-choice", "system");
  await expect(html).not.toHaveClass(/\bdark\b/);
});

test.describe("on a phone (390 px)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the menu opens and closes; an on-call engineer finds a running run and cancels it", async ({ page, request }) => {
    const hole = await hangingServer();
    try {
      const tag = Date.now().toString(36);
      // Twelve instances that hang until the connect timeout (10 s), four at a time: the run stays
      // running for about 30 s, however slow this machine walks the phone layout.
      const hanging: string[] = [];
      for (let i = 0; i < 12; i++)
        hanging.push(await addInstance(request, `hanging-phone-${tag}-${i}`, `postgres://u:pw@127.0.0.1:${hole.port}/db`));
      const res = await request.post("/api/v1/sessions", { data: { category: "config", instanceIds: hanging } });
      expect(res.status()).toBe(201);
      const { id } = await res.json();

      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav).toBeHidden();
      expect(await noSideScroll(page)).toBe(true);
      await page.getByRole("button", { name: "Open menu" }).click();
      await expect(nav).toBeVisible();
      await page.screenshot({ path: "test-results/phone-menu.png" });
      await nav.getByRole("link", { name: "Sync sessions" }).click();
      await expect(page).toHaveURL(/\/sessions$/);
      await expect(nav).toBeHidden();

      // Filters sit behind a button.
      const status = page.getByRole("radiogroup", { name: "Filter by status" });
      await expect(status).toBeHidden();
      await page.getByRole("button", { name: /^Filters/ }).click();
      await status.getByRole("radio", { name: "Running" }).click();
      await expect(page).toHaveURL(/status=running/);
      const row = page.locator(`[data-testid="session-row"][data-session-id="${id}"]`);
      await expect(row).toBeVisible();
      const box = await row.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(390);
      expect(await noSideScroll(page)).toBe(true);
      await page.screenshot({ path: "test-results/phone-sessions.png", fullPage: true });

      await row.click();
      await expect(page).toHaveURL(new RegExp(`/sessions/${id}$`));
      await page.getByRole("button", { name: "Cancel session" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Cancel session" }).click();
      await expect(page.getByTestId("session-status")).toHaveText(/cancelled/);
      await page.screenshot({ path: "test-results/phone-session.png", fullPage: true });

      for (const path of ["/live-sessions", "/bindings"]) {
        await page.goto(path);
        await expect(page.getByRole("main")).toBeVisible();
        expect(await noSideScroll(page), path).toBe(true);
      }
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto("/live-sessions");
      await page.screenshot({ path: "test-results/phone-live-sessions-dark.png", fullPage: true });
    } finally {
      await hole.close();
    }
  });
});

test("keyboard: skip link, rows opened with Enter, and the ? overlay", async ({ page }) => {
  await page.goto("/sessions");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  const row = page.getByTestId("session-row").first();
  await expect(row).toBeVisible();
  const id = await row.getAttribute("data-session-id");
  await row.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/sessions/${id}$`));

  await page.locator("body").click({ position: { x: 5, y: 400 } });
  await page.keyboard.press("Shift+Slash");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("shortcut-list")).toContainText("Search");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.keyboard.press("g");
  await page.keyboard.press("l");
  await expect(page).toHaveURL(/\/live-sessions$/);
});
