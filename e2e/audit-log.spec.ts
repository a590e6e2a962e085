import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("ops") });

const today = () => new Date().toISOString().slice(0, 10);

test("filters in the URL narrow the rows on the server, Back and Forward undo and redo them, a row expands, a target opens its page, the CSV holds exactly the filtered rows", async ({
  page,
  upstream,
}) => {
  // One actor of our own, so other specs' audit rows do not change the counts.
  const actor = `e2e-auditor-${randomUUID().slice(0, 8)}`;
  const [session] = await upstream<{ id: string }[]>`
    insert into sync_sessions (sync_type, sync_category, status, started_at, completed_at)
    values ('manual_batch', 'config', 'completed', now() - interval '5 minutes', now()) returning id`;
  const instanceId = randomUUID();
  const longNote = `A long reason that would run off the card's edge ${"and on ".repeat(40)}until it wraps`;
  await upstream`
    insert into audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, details, created_at) values
      ('user', 'u1', ${actor}, 'schedule.update', 'schedule', 'account', null, now() - interval '3 days'),
      ('user', 'u1', ${actor}, 'sync_session.start', 'sync_session', ${session!.id}, ${upstream.json({ category: "config" })}, now() - interval '2 minutes'),
      ('user', 'u1', ${actor}, 'instance.create', 'instance', ${instanceId}, ${upstream.json({ name: "=cmd()", kind: "postgres" })}, now() - interval '1 minute'),
      ('user', 'u1', ${actor}, 'sync_session.cancel', 'sync_session', ${session!.id}, ${upstream.json({ reason: longNote, nested: { previous: "running", next: "cancelled" } })}, now())`;

  await page.goto(`/audit?actor=${actor}`);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(4);
  await expect(page.getByLabel("Filter by actor")).toHaveValue(actor);

  // Action: the URL changes and the server answers only the matching rows.
  await page.getByRole("combobox", { name: "Action" }).click();
  await page.getByRole("option", { name: "sync_session.cancel" }).click();
  await expect(page).toHaveURL(/action=sync_session\.cancel/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-action", "sync_session.cancel");

  await page.goBack();
  await expect(page).not.toHaveURL(/action=/);
  await expect(rows).toHaveCount(4);
  await page.goForward();
  await expect(page).toHaveURL(/action=sync_session\.cancel/);
  await expect(rows).toHaveCount(1);
  await page.goBack();
  await expect(rows).toHaveCount(4);

  // Time range: from today leaves out the entry of three days ago.
  await page.getByLabel("From date").fill(today());
  await expect(page).toHaveURL(new RegExp(`from=${today()}`));
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-testid="audit-row"][data-action="schedule.update"]')).toHaveCount(0);

  // Target type and id, straight from the URL as a link would carry them.
  await page.goto(`/audit?actor=${actor}&targetType=instance&targetId=${instanceId}`);
  await expect(rows).toHaveCount(1);
  await expect(page.getByLabel("Target id")).toHaveValue(instanceId);
  await page.goto(`/audit?actor=${actor}&from=${today()}`);
  await expect(rows).toHaveCount(3);

  // A row expands to its details, pretty-printed and wrapped inside the card.
  const cancel = page.locator('[data-testid="audit-row"][data-action="sync_session.cancel"]');
  await cancel.getByRole("button", { name: "Show details" }).click();
  const details = page.getByTestId("audit-details");
  await expect(details).toBeVisible();
  const pre = details.locator("pre");
  await expect(pre).toContainText('"reason": "A long reason');
  await expect(pre).toContainText('"next": "cancelled"');
  const card = await page.getByTestId("audit-filters").locator("..").boundingBox();
  const box = await pre.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(card!.x + card!.width);
  expect(await pre.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.screenshot({ path: "test-results/audit-expanded.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.screenshot({ path: "test-results/audit-expanded-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await cancel.getByRole("button", { name: "Hide details" }).click();
  await expect(details).toHaveCount(0);

  // The CSV export: the same filters, exactly the rows shown, formula cells defused.
  const shownIds = await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-id")));
  const downloading = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^syncdeck-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("id,created_at,actor_type,actor_id,actor,action,target_type,target_id,details");
  expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(shownIds);
  expect(csv).not.toContain("schedule.update");
  expect(csv).toContain(`""name"":""=cmd()""`);

  // A sync session target links to its page.
  await cancel.getByTestId("audit-target-link").click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${session!.id}$`));
});

test("an instance target links to the instances page, and a bad filter in the API is a 400 with a message", async ({ page, upstream }) => {
  const actor = `e2e-auditor-${randomUUID().slice(0, 8)}`;
  await upstream`
    insert into audit_log (actor_type, actor_id, actor_label, action, target_type, target_id)
    values ('user', 'u1', ${actor}, 'instance.create', 'instance', ${randomUUID()})`;
  await page.goto(`/audit?actor=${actor}`);
  await page.getByTestId("audit-row").getByTestId("audit-target-link").click();
  await expect(page).toHaveURL(/\/instances$/);
  const bad = await page.request.get("/api/v1/audit?from=yesterday");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/ISO 8601/);
  const badExport = await page.request.get("/api/v1/audit/export?from=2026-12-05&to=2026-12-01");
  expect(badExport.status()).toBe(400);
  expect((await badExport.json()).error.message).toMatch(/`from` must be before `to`/);
});

const noSideScroll = (page: import("@playwright/test").Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test.describe("on a phone (390 px), light and dark", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the audit log fits the width, filters behind a button, a row expands to its details", async ({ page, upstream }) => {
    const actor = `e2e-auditor-${randomUUID().slice(0, 8)}`;
    await upstream`
      insert into audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, details)
      values ('user', 'u1', ${actor}, 'alert_rule.update', 'alert_rule', ${randomUUID()},
              ${upstream.json({ changed: ["threshold", "webhookUrl"], threshold: { from: 3, to: 5 }, note: "x".repeat(300) })})`;
    await page.goto(`/audit?actor=${actor}`);
    const row = page.getByTestId("audit-row");
    await expect(row).toHaveCount(1);
    await expect(page.getByRole("combobox", { name: "Action" })).toBeHidden();
    await page.getByRole("button", { name: /^Filters/ }).click();
    await expect(page.getByRole("combobox", { name: "Action" })).toBeVisible();
    await row.getByRole("button", { name: "Show details" }).click();
    await expect(page.getByTestId("audit-details").locator("pre")).toContainText('"threshold"');
    await expect(page.getByTestId("audit-details").getByTestId("audit-target-link")).toHaveAttribute("href", "/alerts");
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: "test-results/audit-phone.png", fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.screenshot({ path: "test-results/audit-phone-dark.png", fullPage: true });
  });
});
