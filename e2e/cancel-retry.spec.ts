import { hangingServer } from "@/lib/test-network";
import { addInstance, expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("admin") });

test("cancel a batch while instances are still pending: they never start, the session shows who cancelled", async ({ page, request }) => {
  const hole = await hangingServer();
  const tag = Date.now().toString(36);
  const ids: string[] = [];
  try {
    for (let i = 0; i < 6; i++)
      ids.push(await addInstance(request, `hanging-${tag}-${i}`, `postgres://u:pw@127.0.0.1:${hole.port}/db${i}`));
    const res = await request.post("/api/v1/sessions", { data: { category: "account", instanceIds: ids } });
    expect(res.status()).toBe(201);
    const { id } = await res.json();

    await page.goto(`/sessions/${id}`);
    const records = page.getByTestId("instance-record");
    await expect(records).toHaveCount(6);
    // Four run at once and hang on the silent upstream; the other two wait their turn.
    await expect(page.locator('[data-testid="instance-record"][data-status="running"]')).toHaveCount(4);
    await expect(page.locator('[data-testid="instance-record"][data-status="pending"]')).toHaveCount(2);

    await page.getByRole("button", { name: "Cancel session" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel session" }).click();
    await expect(page.getByTestId("session-status")).toHaveText(/cancelled/, { timeout: 2_000 });
    await expect(page.locator('[data-testid="instance-record"][data-status="cancelled"]')).toHaveCount(6);
    await expect(page.getByTestId("cancelled-by")).toContainText("Ada Admin");
    for (const cell of await page.getByTestId("items-synced").all()) await expect(cell).toHaveText("0");
    await expect(page.getByRole("button", { name: "Cancel session" })).toHaveCount(0);
  } finally {
    for (const id of ids) await request.patch(`/api/v1/instances/${id}`, { data: { enabled: false } });
    await hole.close();
  }
});

test("retry the failed instances of a run whose instance points at an unreachable host", async ({ page, request }) => {
  const tag = Date.now().toString(36);
  const unreachable = await addInstance(request, `unreachable-${tag}`, "postgres://u:secret-pw@127.0.0.1:1/gone");
  try {
    const instances = (await (await request.get("/api/v1/instances")).json()).items as { id: string; name: string }[];
    const shop = instances.find((i) => i.name === "demo-shop")!;
    const res = await request.post("/api/v1/sessions", { data: { category: "account", instanceIds: [shop.id, unreachable] } });
    const { id } = await res.json();

    await page.goto(`/sessions/${id}`);
    await expect(page.getByTestId("session-status")).toHaveText(/partial/, { timeout: 30_000 });
    const failedRow = page.locator(`[data-testid="instance-record"][data-instance-name="unreachable-${tag}"]`);
    await expect(failedRow).toHaveAttribute("data-status", "failed");
    await expect(failedRow).toContainText("Connection refused by 127.0.0.1:1/gone");
    await expect(page.locator("body")).not.toContainText("secret-pw");

    await page.getByRole("button", { name: "Retry failed" }).click();
    await expect(page).not.toHaveURL(new RegExp(`/sessions/${id}$`));
    await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
    const records = page.getByTestId("instance-record");
    await expect(records).toHaveCount(1);
    await expect(records.first()).toHaveAttribute("data-instance-name", `unreachable-${tag}`);
    await expect(page.getByTestId("session-status")).toHaveText(/failed/, { timeout: 30_000 });
    await expect(page.getByRole("link", { name: /retry of/i })).toHaveAttribute("href", `/sessions/${id}`);
  } finally {
    await request.patch(`/api/v1/instances/${unreachable}`, { data: { enabled: false } });
  }
});
