import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import postgres from "postgres";

export const USERS = {
  admin: { email: "admin@syncdeck.local", password: "syncdeck-admin" },
  ops: { email: "ops@syncdeck.local", password: "syncdeck-ops" },
  viewer: { email: "viewer@syncdeck.local", password: "syncdeck-viewer" },
} as const;

/** Adds a PostgreSQL instance through the API (as the signed-in user of `request`) and returns its id. */
export async function addInstance(request: APIRequestContext, name: string, connectionUrl: string) {
  const res = await request.post("/api/v1/instances", { data: { name, kind: "postgres", connectionUrl } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id as string;
}

export const storageState = (who: keyof typeof USERS) => `test-results/.auth/${who}.json`;

export async function signIn(page: Page, who: keyof typeof USERS) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(USERS[who].email);
  await page.getByLabel("Password").fill(USERS[who].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

/** Direct SQL on the e2e database's server, to compare what the UI shows with what really exists. */
export const test = base.extend<{ upstream: postgres.Sql }>({
  upstream: async ({}, provide) => {
    const url = process.env.E2E_DATABASE_URL;
    if (!url) throw new Error("E2E_DATABASE_URL is not set: run e2e through `npm test`");
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await provide(sql);
    await sql.end();
  },
});

export { expect };
