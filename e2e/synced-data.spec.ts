import { randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("ops") });

/** Starts a run of one category over every enabled instance and waits until it has finished. */
async function runSync(request: APIRequestContext, category: "account" | "capacity" | "config") {
  const res = await request.post("/api/v1/sessions", { data: { category } });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/sessions/${id}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe("completed");
  return id;
}

async function shots(page: Page, name: string) {
  // From the top: a full-page capture of a scrolled page repeats the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

/** Desktop, a 390 px phone and dark mode of the page as it is now. */
async function screenshots(page: Page, name: string) {
  await shots(page, `${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shots(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "dark" });
  await shots(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: "light" });
}

const role = `e2e_synced_${Date.now()}`;

test.afterAll(async ({ upstream, request }) => {
  // Leave the shared upstream as the other specs expect it: without the role, and synced so.
  const [left] = await upstream`select 1 as one from pg_roles where rolname = ${role}`;
  if (left) {
    await upstream`drop role ${upstream(role)}`;
    await runSync(request, "account");
  }
});

test("an instance's accounts equal the real roles; filters, a run's changes and an account's timeline", async ({
  page,
  request,
  upstream,
}) => {
  // Five runs and every page at three sizes.
  test.setTimeout(180_000);
  await upstream`create role ${upstream(role)} login`;
  await runSync(request, "account");
  await upstream`alter role ${upstream(role)} createrole`;
  const updateRun = await runSync(request, "account");
  await runSync(request, "capacity");
  await runSync(request, "config");

  // From the instances list to an instance: its accounts are the server's roles.
  await page.goto("/instances");
  await page.getByRole("link", { name: "demo-shop", exact: true }).click();
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "demo-shop" })).toBeVisible();
  const rows = page.getByTestId("account-row");
  const roles = (await upstream<{ rolname: string }[]>`select rolname from pg_roles where rolname !~ '^pg_' order by rolname`).map(
    (r) => r.rolname,
  );
  await expect(rows).toHaveCount(roles.length);
  const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-account-name")!));
  expect(shown.toSorted()).toEqual(roles.toSorted());
  const mine = page.locator(`[data-testid="account-row"][data-account-name="${role}"]`);
  await expect(mine.getByTestId("account-badges")).toContainText("can login");
  await expect(mine.getByTestId("account-badges")).toContainText("create role");
  await screenshots(page, "instance-accounts");

  // The search is kept in the URL and narrows the table.
  await page.getByRole("searchbox", { name: "Search accounts" }).fill(role);
  await expect(page).toHaveURL(new RegExp(`q=${role}`));
  await expect(rows).toHaveCount(1);

  // The other tabs, each in the URL.
  await page.getByRole("tab", { name: "Capacity" }).click();
  await expect(page).toHaveURL(/tab=capacity/);
  const [db] = await upstream<{ datname: string }[]>`select current_database() as datname`;
  await expect(page.locator(`[data-testid="capacity-row"][data-database="${db!.datname}"]`)).toBeVisible();
  await expect(page.getByTestId("capacity-chart")).toBeVisible();
  await screenshots(page, "instance-capacity");
  await page.getByRole("tab", { name: "Settings" }).click();
  await expect(page).toHaveURL(/tab=settings/);
  await page.getByRole("searchbox", { name: "Search settings" }).fill("work_mem");
  const [workMem] = await upstream<{ setting: string }[]>`select setting from pg_settings where name = 'work_mem'`;
  await expect(page.locator('[data-testid="setting-row"][data-setting-name="work_mem"]')).toContainText(workMem!.setting);
  await screenshots(page, "instance-settings");
  await page.getByRole("tab", { name: "Runs" }).click();
  await expect(page.locator(`[data-testid="instance-run"][data-session-id="${updateRun}"]`)).toBeVisible();
  await screenshots(page, "instance-runs");

  // The fleet list: an attribute filter and the search, kept in the URL.
  await page.goto("/accounts");
  await expect(page.getByRole("link", { name: "Accounts", exact: true }).first()).toBeVisible();
  await page.getByRole("combobox", { name: "Create role" }).click();
  await page.getByRole("option", { name: "Yes" }).click();
  await expect(page).toHaveURL(/createRole=true/);
  await page.getByRole("searchbox", { name: "Search accounts" }).fill(role);
  const fleet = page.getByTestId("account-row");
  // The role is on every demo instance: they share one server.
  await expect(fleet).toHaveCount(3);
  await screenshots(page, "accounts");
  await page.getByRole("combobox", { name: "Create role" }).click();
  await page.getByRole("option", { name: "No" }).click();
  await expect(page).toHaveURL(/createRole=false/);
  await expect(page.getByText("No matching accounts")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByRole("searchbox", { name: "Search accounts" }).fill(role);
  await expect(fleet).toHaveCount(3);

  // An account's timeline: created, then CREATEROLE granted, newest first.
  await page.locator(`[data-testid="account-row"][data-instance-name="demo-shop"]`).getByRole("link", { name: role }).click();
  await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: role })).toBeVisible();
  const entries = page.getByTestId("timeline-entry");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toHaveAttribute("data-change", "updated");
  await expect(entries.nth(0).locator('[data-attribute="createRole"]')).toContainText(/false\s*true/);
  await expect(entries.nth(1)).toHaveAttribute("data-change", "created");
  await expect(entries.nth(1).locator('[data-attribute="canLogin"]')).toContainText("true");
  await screenshots(page, "account");

  // The run that granted it: the whole run's changes, and one record's.
  await page.goto(`/sessions/${updateRun}`);
  const changes = page.getByTestId("run-changes").locator(`[data-testid="change-row"][data-item="${role}"]`);
  await expect(changes).toHaveCount(3);
  await expect(changes.first()).toHaveAttribute("data-change", "updated");
  await expect(changes.first().locator('[data-attribute="createRole"]')).toContainText(/false\s*true/);
  await page.getByRole("button", { name: "Changes of demo-shop" }).click();
  const dialog = page.getByRole("dialog", { name: "Changes of demo-shop" });
  await expect(dialog.locator(`[data-testid="change-row"][data-item="${role}"]`)).toHaveAttribute("data-change", "updated");
  await expect(dialog.getByTestId("change-row")).toHaveCount(1);
  await dialog.getByRole("radio", { name: "Deleted" }).click();
  await expect(dialog.getByText("Nothing deleted")).toBeVisible();
  await dialog.getByRole("radio", { name: "All" }).click();
  await screenshots(page, "run-record-changes");
  await page.keyboard.press("Escape");
  await screenshots(page, "run-changes");

  // Dropped upstream: the next run records the deletion, and the instance lists it under "Show deleted".
  await upstream`drop role ${upstream(role)}`;
  const dropRun = await runSync(request, "account");
  await page.goto(`/sessions/${dropRun}`);
  await expect(page.getByTestId("run-changes").locator(`[data-testid="change-row"][data-item="${role}"]`).first()).toHaveAttribute(
    "data-change",
    "deleted",
  );
  await page.goto("/instances");
  await page.getByRole("link", { name: "demo-shop", exact: true }).click();
  await expect(page.locator(`[data-testid="account-row"][data-account-name="${role}"]`)).toHaveCount(0);
  await page.getByRole("switch", { name: "Show deleted" }).click();
  await expect(page).toHaveURL(/deleted=true/);
  await expect(page.locator(`[data-testid="account-row"][data-account-name="${role}"]`)).toBeVisible();
});

test("an unknown instance or account answers 404 with the page's not-found card", async ({ page, request }) => {
  const cases = [
    [`/instances/${randomUUID()}`, "Instance not found"],
    ["/instances/not-a-uuid", "Instance not found"],
    [`/accounts/${randomUUID()}`, "Account not found"],
    ["/accounts/nope", "Account not found"],
  ] as const;
  for (const [path, text] of cases) {
    expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
    const nav = await page.goto(path);
    expect(nav?.status(), path).toBe(404);
    await expect(page.getByRole("main")).toContainText(text);
  }
});

test("a viewer reads the instance and accounts pages", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageState("viewer") });
  const page = await context.newPage();
  await page.goto("/accounts");
  await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
  await expect(page.getByTestId("account-row").first()).toBeVisible();
  await page.goto("/instances");
  await page.getByRole("link", { name: "demo-billing", exact: true }).click();
  await expect(page.getByTestId("account-row").first()).toBeVisible();
  await context.close();
});
