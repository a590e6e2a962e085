import { expect, storageState, test } from "./fixtures";

test.describe("session label and note", () => {
  test.use({ storageState: storageState("ops") });

  test("ops edit them on the session page; a change made meanwhile is a clear conflict, not an overwrite", async ({ page, request }) => {
    const res = await request.post("/api/v1/sessions", { data: { category: "config" } });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = await res.json();

    await page.goto(`/sessions/${id}`);
    await expect(page.getByTestId("session-notes")).toContainText("No label");
    await page.getByRole("button", { name: "Edit label and note" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Label").fill("Failover check");
    await dialog.getByLabel("Note").fill("Run after moving the primary.\nAll instances answered.");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Label and note saved")).toBeVisible();
    await expect(page.getByTestId("session-label")).toHaveText("Failover check");
    await expect(page.getByTestId("session-note")).toContainText("All instances answered.");

    // Someone else edits through the API while this form is open.
    await page.getByRole("button", { name: "Edit label and note" }).click();
    const current = await request.get(`/api/v1/sessions/${id}`);
    const put = await request.put(`/api/v1/sessions/${id}`, {
      data: { label: "Changed by the API" },
      headers: { "if-match": current.headers()["etag"]! },
    });
    expect(put.status(), await put.text()).toBe(200);
    await dialog.getByLabel("Label").fill("Mine");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Someone changed this session meanwhile")).toBeVisible();
    await expect(page.getByTestId("session-label")).toHaveText("Changed by the API");
    await expect(dialog.getByLabel("Label")).toHaveValue("Mine");
    await page.screenshot({ path: test.info().outputPath("session-notes-conflict.png") });
    // Saving again, knowingly, over the latest version works.
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("session-label")).toHaveText("Mine");
    await expect(dialog).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("session-notes.png") });
  });
});

test.describe("session label and note, read only", () => {
  test.use({ storageState: storageState("viewer") });

  test("viewers see the label and note but no edit control", async ({ page, playwright }) => {
    // Its own session, labelled by ops through the API: this test does not depend on the one above.
    const ops = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageState("ops") });
    try {
      const res = await ops.post("/api/v1/sessions", { data: { category: "config" } });
      expect(res.status(), await res.text()).toBe(201);
      const { id } = await res.json();
      const current = await ops.get(`/api/v1/sessions/${id}`);
      const put = await ops.put(`/api/v1/sessions/${id}`, {
        data: { label: "Viewer check", note: "Written by ops." },
        headers: { "if-match": current.headers()["etag"]! },
      });
      expect(put.status(), await put.text()).toBe(200);

      await page.goto(`/sessions/${id}`);
      await expect(page.getByTestId("session-label")).toHaveText("Viewer check");
      await expect(page.getByTestId("session-note")).toContainText("Written by ops.");
      await expect(page.getByRole("button", { name: "Edit label and note" })).toHaveCount(0);
    } finally {
      await ops.dispose();
    }
  });
});
