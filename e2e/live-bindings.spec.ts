import { demoDirectory } from "@/lib/game-server/demo-server";
import { expect, storageState, test } from "./fixtures";

test.use({ storageState: storageState("admin") });

// While a streamed page swaps its server HTML for the client tree, a node can briefly exist twice: read the visible one.
const battleCount = (page: import("@playwright/test").Page) => page.getByTestId("store-battle-count").filter({ visible: true });
const count = async (locator: import("@playwright/test").Locator) => Number((await locator.textContent())?.trim() ?? "NaN");

test("bind an account in the browser: records flow within 10 s, the store's battles grow, and stop after unbind", async ({
  page,
  upstream,
}) => {
  await page.goto("/bindings");
  await page.getByRole("button", { name: "Bind account" }).click();
  const dialog = page.getByRole("dialog", { name: "Bind an account to a store" });
  await dialog.getByRole("combobox", { name: "Game account" }).click();
  await page.getByRole("option", { disabled: false }).first().click();
  const account = (await dialog.getByRole("combobox", { name: "Game account" }).textContent())!.trim();
  await dialog.getByRole("combobox", { name: "Store", exact: true }).click();
  await page.getByRole("option").first().click();
  const store = (await dialog.getByRole("combobox", { name: "Store", exact: true }).textContent())!.trim();
  await dialog.getByRole("button", { name: "Bind", exact: true }).click();

  // The live session page: records synced within 10 s of binding, without a reload.
  await expect(page).toHaveURL(/\/live-sessions\/[0-9a-f-]{36}$/);
  const liveSessionId = new URL(page.url()).pathname.split("/").pop()!;
  await expect.poll(() => count(page.getByTestId("records-total-battles")), { timeout: 10_000 }).toBeGreaterThan(0);

  // The store's battle list grows while we watch.
  await page.getByRole("link", { name: store }).first().click();
  await expect(page).toHaveURL(/\/stores\/[0-9a-f-]{36}/);
  const storeUrl = page.url();
  const battles = battleCount(page);
  await expect.poll(() => count(battles), { timeout: 10_000 }).toBeGreaterThan(0);
  const first = await count(battles);
  await expect.poll(() => count(battles), { timeout: 20_000 }).toBeGreaterThan(first);

  // Unbind: the counts stop growing.
  await page.goto("/bindings");
  const row = page.locator(`[data-testid="binding-row"][data-account="${account}"][data-status="active"]`);
  await row.getByRole("button", { name: "Unbind", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Unbind", exact: true }).click();
  await expect(page.locator(`[data-testid="binding-row"][data-account="${account}"]`).first()).toHaveAttribute("data-status", "inactive");
  // Stopped means no tick of this session is queued or running: an active chain always has its next one queued.
  const pendingTicks = async () => {
    const [row] = await upstream<{ n: number }[]>`
      select count(*)::int as n from workflow_runs
      where workflow_id = 'live-stream-tick' and event_data ->> 'liveSessionId' = ${liveSessionId} and status in ('queued', 'running')`;
    return row!.n;
  };
  await expect.poll(pendingTicks, { timeout: 15_000 }).toBe(0);
  const [target] = await upstream<{ storeId: string; house: string; account: string; cursor: string | null }[]>`
    select s.id as "storeId", s.external_id as house, g.external_id as account, c.cursor
    from live_sessions l join bindings b on b.id = l.binding_id join stores s on s.id = b.store_id
    join game_accounts g on g.id = b.game_account_id
    left join stream_cursors c on c.live_session_id = l.id and c.stream = 'battles'
    where l.id = ${liveSessionId}`;
  const stored = async () =>
    (await upstream<{ n: number }[]>`select count(*)::int as n from battle_records where store_id = ${target!.storeId}`)[0]!.n;
  const frozen = await stored();
  await page.goto(storeUrl);
  await expect(battleCount(page)).toHaveText(String(frozen));

  // The game server has battles past the session's cursor now: a sync still running would take them.
  const token = demoDirectory(42).accounts.find((a) => a.id === target!.account)!.token;
  const feed = `http://127.0.0.1:${process.env.SYNCDECK_DEMO_GAME_PORT ?? 4600}/v1/houses/${target!.house}/battles?limit=1&after=${encodeURIComponent(target!.cursor ?? "")}`;
  const newUpstream = async () => {
    const res = await fetch(feed, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { items: unknown[] }).items.length;
  };
  await expect.poll(newUpstream, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await pendingTicks()).toBe(0);
  await page.reload();
  await expect(battleCount(page)).toHaveText(/^\d+$/);
  expect(await count(battleCount(page))).toBe(frozen);
  expect(await stored()).toBe(frozen);
});
