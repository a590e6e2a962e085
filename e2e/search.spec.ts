import { expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("admin") });

test("find a run by its instance name and error text from the header search box, then on the sessions list", async ({ page, request }) => {
  const name = `search-probe-${Date.now().toString(36)}`;
  const created = await request.post("/api/v1/instances", {
    data: { name, kind: "postgres", connectionUrl: "postgres://u:pw@127.0.0.1:1/nowhere" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const instanceId = (await created.json()).id as string;
  try {
    const started = await request.post("/api/v1/sessions", { data: { category: "account", instanceIds: [instanceId] } });
    expect(started.status()).toBe(201);
    const sessionId = (await started.json()).id as string;
    // The unreachable host fails the run at once; its error text becomes searchable when the run ends.
    await expect
      .poll(async () => (await (await request.get(`/api/v1/sessions/${sessionId}`)).json()).status, { timeout: 20_000 })
      .toBe("failed");
    const { records } = await (await request.get(`/api/v1/sessions/${sessionId}`)).json();
    const error = records[0].errorMessage as string;

    await page.goto("/");
    const box = page.getByRole("combobox", { name: "Search everything" });
    await box.fill(name.toUpperCase());
    const results = page.getByRole("listbox", { name: "Search results" });
    const sessions = results.getByRole("group", { name: "Sync sessions" });
    await expect(sessions.getByRole("option")).toHaveCount(1);
    await expect(sessions.getByRole("option")).toContainText(sessionId.replace(/-/g, "").slice(-8));
    await expect(results.getByRole("group", { name: "Instance records" }).getByRole("option")).toContainText(name);
    await page.screenshot({ path: "test-results/search-header.png" });
    await sessions.getByRole("option").click();
    await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}$`));
    await expect(page.getByTestId("instance-record")).toHaveAttribute("data-instance-name", name);

    // An error text fragment, through the keyboard: Enter opens the highlighted hit; Escape closes the list.
    await box.fill(error.slice(2, 14));
    await expect(results.getByRole("group", { name: "Instance records" }).getByRole("option").first()).toBeVisible();
    await box.press("Enter");
    await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
    await box.fill(name);
    await expect(results).toBeVisible();
    await box.press("Escape");
    await expect(results).toHaveCount(0);
    await box.fill("x");
    await expect(page.getByRole("listbox", { name: "Search results" })).toContainText("at least 2 characters");

    // The sessions list keeps `q` in the URL.
    await page.goto(`/sessions?q=${encodeURIComponent(name)}`);
    await expect(page.getByRole("searchbox", { name: "Search sessions" })).toHaveValue(name);
    await expect(page.getByTestId("session-row")).toHaveCount(1);
    await page.getByRole("searchbox", { name: "Search sessions" }).fill("no-such-instance-anywhere");
    await expect(page).toHaveURL(/q=no-such-instance-anywhere/);
    await expect(page.getByTestId("session-row")).toHaveCount(0);
    await page.screenshot({ path: "test-results/search-sessions-empty.png" });
  } finally {
    await request.patch(`/api/v1/instances/${instanceId}`, { data: { enabled: false } });
  }
});

test("the live sessions list filters by store name", async ({ page }) => {
  await page.goto("/live-sessions");
  const box = page.getByRole("searchbox", { name: "Search live sessions" });
  await box.fill("no-such-store-anywhere");
  await expect(page).toHaveURL(/q=no-such-store-anywhere/);
  await expect(page.getByText("No live session matches")).toBeVisible();
  await box.fill("");
  await expect(page).not.toHaveURL(/q=/);
});
