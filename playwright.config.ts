import { defineConfig } from "@playwright/test";
import { chromiumForTests } from "./scripts/browser.mjs";

const port = Number(process.env.E2E_PORT ?? 3211);
const baseURL = `http://localhost:${port}`;
// CHROMIUM_PATH, else the Chromium from the npm package @sparticuz/chromium (Linux x64), else
// Playwright's own browser. Never a system Chromium unless CHROMIUM_PATH names it.
const browser = chromiumForTests();
// Once per run (the config is loaded again in every worker, which inherits this).
if (!process.env.SYNCDECK_BROWSER_SAID) {
  process.env.SYNCDECK_BROWSER_SAID = "1";
  console.log(`[e2e] browser: ${browser.source}${browser.executablePath ? ` (${browser.executablePath})` : ""}`);
}

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browser.executablePath,
      env: Object.keys(browser.env).length ? ({ ...process.env, ...browser.env } as Record<string, string>) : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], testIgnore: /auth\.setup\.ts/ },
  ],
  webServer: {
    // The product as `npm start` runs it, on the test server's database, with demo instances.
    command: "npx tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    // SIGTERM to its group, as a process manager would; start.ts stops the app within 10 s.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    env: {
      PORT: String(port),
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      SYNCDECK_DEMO: "1",
      SYNCDECK_SKIP_BUILD: "1",
      BETTER_AUTH_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
