import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, storageState, test } from "./fixtures";

const SECRET = "e2e-signing-secret-0123456789";

/** A local webhook receiver the app posts to. */
async function startReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { received, port, close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) };
}

test.describe("alerts", () => {
  test.use({ storageState: storageState("admin") });

  test("a super admin creates a webhook rule, sends a test, the receiver gets a signed request and the log shows it delivered", async ({
    page,
  }) => {
    const rx = await startReceiver();
    try {
      const name = `e2e-hook-${Date.now()}`;
      await page.goto("/alerts");
      await expect(page.getByRole("heading", { name: "Alerts" })).toBeVisible();
      await page.getByRole("button", { name: "New rule" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name").fill(name);
      await dialog.getByLabel("Watch").click();
      await page.getByRole("option", { name: "A sync category" }).click();
      await dialog.getByLabel("Category").click();
      await page.getByRole("option", { name: "Accounts" }).click();
      await dialog.getByLabel("URL").fill(`http://127.0.0.1:${rx.port}/hooks/syncdeck-e2e?key=e2e-query-secret`);
      await dialog.getByLabel("Signing secret").fill(SECRET);
      await page.screenshot({ path: test.info().outputPath("alerts-dialog.png") });
      await dialog.getByRole("button", { name: "Create rule" }).click();
      await expect(dialog).toBeHidden();

      const row = page.getByTestId("alert-rule-row").filter({ hasText: name });
      await expect(row).toContainText("Category");
      await expect(row).toContainText("Accounts");
      await expect(row).toContainText("A sync fails");
      await expect(row).toContainText(`127.0.0.1:${rx.port}`);
      await expect(row).not.toContainText("e2e-query-secret");

      await row.getByRole("button", { name: "Send test" }).click();
      await expect(page.getByText(`Test delivered to 127.0.0.1:${rx.port} (HTTP 200)`)).toBeVisible();
      expect(rx.received).toHaveLength(1);
      const req = rx.received[0]!;
      expect(req.path).toBe("/hooks/syncdeck-e2e?key=e2e-query-secret");
      // A receiver checks HMAC(secret, "<timestamp>.<body>") and that the timestamp is recent.
      const timestamp = String(req.headers["x-syncdeck-timestamp"]);
      expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
      expect(req.headers["x-syncdeck-signature"]).toBe(
        `sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${req.body}`).digest("hex")}`,
      );
      expect(JSON.parse(req.body)).toMatchObject({ test: true, rule: { name, scope: "category", scopeRef: "account" } });

      const delivery = page.getByTestId("delivery-row").filter({ hasText: name }).first();
      await expect(delivery).toHaveAttribute("data-status", "delivered");
      await expect(delivery).toContainText("HTTP 200");
      await expect(page.locator("body")).not.toContainText("e2e-query-secret");

      // Mute for an hour from the row's menu; the table says until when.
      await row.getByRole("combobox", { name: `Mute ${name}` }).click();
      await page.getByRole("option", { name: "Mute for 1 h" }).click();
      await expect(row.getByTestId("muted-until")).toContainText(/in (1h|59m)/);
      await page.screenshot({ path: test.info().outputPath("alerts.png"), fullPage: true });
    } finally {
      await rx.close();
    }
  });
});

test.describe("alerts as a viewer", () => {
  test.use({ storageState: storageState("viewer") });

  test("sees rules and the delivery log but cannot change them", async ({ page, request }) => {
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New rule" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Send test" })).toHaveCount(0);
    const res = await request.post("/api/v1/alert-rules", {
      data: { name: "x", scope: "all", condition: "run_failed", destination: "slack", url: "http://127.0.0.1:9/x" },
    });
    expect(res.status()).toBe(403);
  });
});
