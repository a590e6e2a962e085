import { expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("ops") });

test("ops starts a batch over the demo instances and sees counts equal to the real roles", async ({ page, upstream }) => {
  await page.goto("/sessions");
  await page.getByRole("button", { name: "Start batch" }).click();
  await expect(page.getByRole("dialog", { name: "Start a batch sync" })).toBeVisible();
  await page.getByRole("button", { name: "Start", exact: true }).click();

  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const status = page.getByTestId("session-status");
  await expect(status).toHaveText(/completed/, { timeout: 30_000 });

  const records = page.getByTestId("instance-record");
  await expect(records).toHaveCount(3);
  // Every demo instance lives on the same server, so each sees every non-system role there.
  const [row] = await upstream<{ count: number }[]>`select count(*)::int as count from pg_roles where rolname !~ '^pg_'`;
  const count = row!.count;
  for (const name of ["demo-analytics", "demo-billing", "demo-shop"]) {
    const row = page.locator(`[data-testid="instance-record"][data-instance-name="${name}"]`);
    await expect(row).toHaveAttribute("data-status", "completed");
    await expect(row.getByTestId("items-synced")).toHaveText(String(count));
    await expect(row.getByTestId("items-deleted")).toHaveText("0");
  }

  // The list shows the finished run without a reload.
  await page.goto("/sessions");
  await expect(page.getByTestId("session-row").first()).toHaveAttribute("data-status", "completed");
});

test("the sessions list updates live while a batch runs", async ({ page, request }) => {
  await page.goto("/sessions");
  // Started by another client; this page must show it without a reload.
  const res = await request.post("/api/v1/sessions", { data: { category: "account" } });
  expect(res.status()).toBe(201);
  const { id } = await res.json();
  const row = page.locator(`[data-testid="session-row"][data-session-id="${id}"]`);
  await expect(row).toBeVisible({ timeout: 5_000 });
  // The run itself finishes (read through the API), and the row, not reloaded, shows it.
  const detail = async () => (await request.get(`/api/v1/sessions/${id}?include=logs`)).json();
  await expect
    .poll(
      async () => {
        const session = await detail();
        return session.status === "completed" ? "completed" : JSON.stringify(session);
      },
      { timeout: 30_000 },
    )
    .toBe("completed");
  await expect(row).toHaveAttribute("data-status", "completed", { timeout: 10_000 });
});
