import net from "node:net";
import { expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("admin") });

/** A loopback port nobody listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

test("a run against an unreachable instance shows the class, the message, and the raw detail without the secret; the overview counts the class", async ({
  page,
  request,
}) => {
  const secret = `E2e-Secret-${Date.now().toString(36)}`;
  const port = await closedPort();
  const added = await request.post("/api/v1/instances", {
    data: { name: `unreachable-${port}`, kind: "postgres", connectionUrl: `postgres://syncer:${secret}@127.0.0.1:${port}/inventory` },
  });
  expect(added.status(), await added.text()).toBe(201);
  const instanceId = (await added.json()).id as string;
  try {
    const started = await request.post("/api/v1/sessions", { data: { category: "account", instanceIds: [instanceId] } });
    expect(started.status()).toBe(201);
    const { id } = await started.json();

    await page.goto(`/sessions/${id}`);
    await expect(page.getByTestId("session-status")).toHaveText(/failed/);
    const record = page.getByTestId("instance-record");
    await expect(record.getByTestId("failure-class")).toHaveText("Network");
    await expect(record.getByTestId("failure-message")).toContainText(`Connection refused by 127.0.0.1:${port}/inventory`);
    const detail = record.getByTestId("failure-detail");
    await expect(detail.locator("pre")).toBeHidden();
    await detail.getByText("Raw error").click();
    await expect(detail.locator("pre")).toBeVisible();
    await expect(detail.locator("pre")).toContainText("ECONNREFUSED");
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: "test-results/failure-classes-session.png", fullPage: true });

    await page.goto("/");
    // Visible only: while a streamed segment of the page is still being swapped in, React keeps a hidden copy of it.
    const card = page.getByTestId("overview-failure-classes").filter({ visible: true });
    const network = card.locator('[data-testid="failure-class-row"][data-failure-class="network"]');
    await expect(network.getByTestId("failure-class")).toHaveText("Network");
    await card.screenshot({ path: "test-results/failure-classes-overview.png" });
    await network.getByTestId("failure-class-runs").click();
    await expect(page).toHaveURL(/\/sessions\?failureClass=network/);
    await expect(page.getByRole("combobox", { name: "Failure class" })).toContainText("Network");
    await expect(page.locator(`a[href="/sessions/${id}"]`).first()).toBeVisible();
    await page.screenshot({ path: "test-results/failure-classes-list.png" });

    await page.goto("/statistics?timeframe=24h");
    const byClass = page.getByTestId("statistics-failure-classes").filter({ visible: true });
    await expect(byClass.locator('[data-testid="failure-class-row"][data-failure-class="network"]')).toContainText(/\d+ failed/);
    await byClass.screenshot({ path: "test-results/failure-classes-statistics.png" });
  } finally {
    await request.patch(`/api/v1/instances/${instanceId}`, { data: { enabled: false } });
  }
});
