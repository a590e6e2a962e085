import { randomUUID } from "node:crypto";
import { expect, signIn, test } from "./fixtures";

// Signs in itself: the saved sessions under test-results/ are shared by every run in this checkout.
test.use({ storageState: { cookies: [], origins: [] } });

test("select all sessions matching a filter, confirm the server's count, follow the progress, rows show cancelled", async ({
  page,
  upstream,
}) => {
  // 120 running runs and 3 finished ones, all started by one user: more than one page of the list.
  const userId = randomUUID();
  await upstream`insert into auth_users (id, name, email, role) values (${userId}, 'Bulk Starter', ${`bulk-${userId.slice(0, 8)}@test.local`}, 'ops')`;
  await upstream`
    insert into sync_sessions (sync_type, sync_category, status, created_by, started_at, completed_at)
    select 'manual_batch', 'config', case when i > 120 then 'completed' else 'running' end::sync_session_status, ${userId},
           now() - (i || ' seconds')::interval, case when i > 120 then now() end
    from generate_series(1, 123) as i`;

  await signIn(page, "ops");
  await page.goto(`/sessions?createdBy=${userId}`);
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(50);
  const bar = page.getByTestId("bulk-bar");
  // A click that lands before the page has hydrated does nothing (as for a user, who clicks again).
  const selectPage = page.getByTestId("select-page");
  await expect(async () => {
    if (!(await selectPage.isChecked())) await selectPage.click();
    await expect(bar.getByTestId("bulk-selected")).toHaveText("50 selected", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await bar.getByTestId("bulk-select-all").click();
  await expect(bar.getByTestId("bulk-selected")).toHaveText("All 123 sessions matching this filter");

  await bar.getByRole("button", { name: "Cancel", exact: true }).click();
  const dialog = page.getByTestId("bulk-confirm");
  await expect(dialog.getByRole("heading")).toHaveText("Cancel 120 sessions?");
  await expect(dialog.getByTestId("bulk-confirm-count")).toContainText("120 running sessions will be cancelled");
  await expect(dialog.getByTestId("bulk-confirm-count")).toContainText("3 others matching this filter are skipped (not running)");
  await page.screenshot({ path: "test-results/bulk-confirm.png" });
  await dialog.getByTestId("bulk-confirm-button").click();

  const progress = page.getByTestId("bulk-progress");
  await expect(progress).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(progress.getByTestId("bulk-progress-counts")).toHaveText("120 cancelled · 0 skipped · 0 failed");
  await expect(page.locator('[data-testid="session-row"][data-status="running"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="session-row"][data-status="cancelled"]')).toHaveCount(50);
  await expect(bar).toHaveCount(0);
  await page.screenshot({ path: "test-results/bulk-done.png" });

  const [left] = await upstream<
    { running: number }[]
  >`select count(*)::int as running from sync_sessions where created_by = ${userId} and status = 'running'`;
  expect(left?.running).toBe(0);

  // The audit page lists the operation with its outcome.
  await page.goto("/audit");
  const history = page.getByTestId("bulk-history-row").first();
  await expect(history).toContainText("Cancel · 120 sessions");
  await expect(history).toContainText("120 cancelled");
  await page.screenshot({ path: "test-results/bulk-history.png" });
});
