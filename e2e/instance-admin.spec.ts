import net from "node:net";
import type { Page } from "@playwright/test";
import { expect, storageState, test } from "./fixtures";

/** A loopback port nobody listens on: a run against it fails at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Desktop, a 390 px phone and dark mode of the page (or open dialog) as it is now. */
async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}-desktop.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath(`${name}-phone.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: test.info().outputPath(`${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: "light" });
}

test.describe("super admin", () => {
  test.use({ storageState: storageState("admin") });

  test("edits an instance (URL write-only) and deletes it; its run keeps the name", async ({ page, request }) => {
    const port = await closedPort();
    const secret = `E2e-Secret-${Date.now().toString(36)}`;
    const name = `edit-me-${port}`;
    const added = await request.post("/api/v1/instances", {
      data: { name, kind: "postgres", connectionUrl: `postgres://syncer:old@127.0.0.1:${port}/inventory` },
    });
    expect(added.status(), await added.text()).toBe(201);
    const instanceId = (await added.json()).id as string;

    await page.goto(`/instances/${instanceId}`);
    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog");
    await expect(edit.getByLabel("New connection URL")).toHaveValue("");
    await screenshots(page, "instance-edit");
    const renamed = `${name}-renamed`;
    await edit.getByLabel("Name").fill(renamed);
    await edit.getByLabel(/Enabled/).click();
    await edit.getByLabel("New connection URL").fill(`postgres://syncer:${secret}@127.0.0.1:${port}/inventory`);
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByRole("heading", { name: renamed })).toBeVisible();
    await expect(page.getByText("· disabled")).toBeVisible();
    // Write-only: the new URL is nowhere in the page or the API, only its endpoint.
    await page.getByRole("button", { name: "Edit" }).click();
    await expect(page.getByRole("dialog").getByLabel("New connection URL")).toHaveValue("");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    expect(await page.content()).not.toContain(secret);
    expect(await (await request.get(`/api/v1/instances/${instanceId}`)).text()).not.toContain(secret);

    // A run against it, so there is a record to keep.
    await request.patch(`/api/v1/instances/${instanceId}`, { data: { enabled: true } });
    const started = await request.post("/api/v1/sessions", { data: { category: "account", instanceIds: [instanceId] } });
    expect(started.status(), await started.text()).toBe(201);
    const runId = (await started.json()).id as string;
    await expect
      .poll(async () => ((await (await request.get(`/api/v1/sessions/${runId}`)).json()) as { status: string }).status, { timeout: 60_000 })
      .not.toBe("running");

    await page.reload();
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog");
    await expect(confirm).toContainText("What is kept");
    await expect(confirm).toContainText(`keep showing the name “${renamed}”`);
    await screenshots(page, "instance-delete");
    await confirm.getByRole("button", { name: `Delete ${renamed}` }).click();
    await expect(page).toHaveURL(/\/instances$/);
    await expect(page.getByRole("link", { name: renamed })).toHaveCount(0);
    expect((await request.get(`/api/v1/instances/${instanceId}`)).status()).toBe(404);
    expect((await page.goto(`/instances/${instanceId}`))?.status()).toBe(404);

    await page.goto(`/sessions/${runId}`);
    await expect(page.getByTestId("instance-record")).toContainText(renamed);
  });

  test("a game server's directory: refresh it and set an account's token", async ({ page, request }) => {
    const list = (await (await request.get("/api/v1/instances")).json()).items as { id: string; kind: string; endpoint: string }[];
    const game = list.find((i) => i.kind === "game_server");
    expect(game, "the demo game server").toBeDefined();
    // The demo server tells its real tokens: the token set here is the one it already had, so other specs still read feeds.
    const demo = (await (await request.get(`http://${game!.endpoint}/__directory`)).json()) as {
      accounts: { username: string; token: string }[];
    };
    const account = demo.accounts[0]!;
    const viaApi = await request.post(`/api/v1/instances/${game!.id}/directory`);
    expect(viaApi.status(), await viaApi.text()).toBe(200);
    expect((await viaApi.json()).accounts).toBe(demo.accounts.length);
    await page.goto(`/instances/${game!.id}`);
    await page.getByRole("button", { name: "Refresh directory" }).click();
    await expect(page.getByText(/Directory refreshed: \d+ houses, \d+ accounts/)).toBeVisible();
    await page.getByRole("button", { name: `Set token of ${account.username}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Token").fill(account.token);
    await screenshots(page, "game-set-token");
    await dialog.getByRole("button", { name: "Set token" }).click();
    await expect(page.getByText(`Token of ${account.username} set`)).toBeVisible();
    expect(await page.content()).not.toContain(account.token);
    await page.keyboard.press("Escape");
    await screenshots(page, "game-directory");
  });
});

for (const role of ["ops", "viewer"] as const) {
  test.describe(role, () => {
    test.use({ storageState: storageState(role) });

    test("sees no instance controls, and the server refuses deleting", async ({ page, request }) => {
      const list = (await (await request.get("/api/v1/instances")).json()).items as { id: string; kind: string }[];
      for (const kind of ["postgres", "game_server"]) {
        const inst = list.find((i) => i.kind === kind)!;
        await page.goto(`/instances/${inst.id}`);
        await expect(page.getByRole("tab", { name: "Accounts" })).toBeVisible();
        await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
        await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
        await expect(page.getByRole("button", { name: "Refresh directory" })).toHaveCount(0);
        await expect(page.getByRole("button", { name: /Set token/ })).toHaveCount(0);
      }
      expect((await request.delete(`/api/v1/instances/${list[0]!.id}`)).status()).toBe(403);
      const game = list.find((i) => i.kind === "game_server")!;
      expect((await request.post(`/api/v1/instances/${game.id}/directory`)).status()).toBe(403);
    });
  });
}
