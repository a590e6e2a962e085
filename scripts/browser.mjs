// The browser Playwright runs: CHROMIUM_PATH when set; otherwise, on Linux x64, the Chromium that
// the npm package @sparticuz/chromium ships inside its tarball (so `npm install` brings it, with no
// system Chromium and no download); elsewhere undefined, i.e. Playwright's own browser.
// The package unpacks itself into os.tmpdir(); we unpack into a directory of our own per version
// and user, through a temporary directory renamed into place, so concurrent runs never see half a
// binary. Synchronous (a child process does the async unpacking) because playwright.config.ts is.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);

function packageVersion() {
  try {
    // The package's exports hide package.json; find it from its entry point.
    const entry = require.resolve("@sparticuz/chromium");
    let dir = path.dirname(entry);
    while (
      !existsSync(path.join(dir, "package.json")) ||
      JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).name !== "@sparticuz/chromium"
    ) {
      const up = path.dirname(dir);
      if (up === dir) return null;
      dir = up;
    }
    return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

/** @returns {{ executablePath: string | undefined, env: Record<string, string>, source: string }} */
export function chromiumForTests() {
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, env: {}, source: "CHROMIUM_PATH" };
  const version = process.platform === "linux" && process.arch === "x64" ? packageVersion() : null;
  if (!version) return { executablePath: undefined, env: {}, source: "playwright" };
  const dir = path.join(os.tmpdir(), `syncdeck-chromium-${version}-${process.getuid?.() ?? 0}`);
  const exe = path.join(dir, "chromium");
  if (!existsSync(exe)) {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const r = spawnSync(process.execPath, [self, "--unpack"], { env: { ...process.env, TMPDIR: tmp }, encoding: "utf8" });
    if (r.status !== 0 || !existsSync(path.join(tmp, "chromium"))) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`@sparticuz/chromium could not unpack its browser: ${(r.stderr || r.stdout || "").trim().split("\n").slice(-1)[0]}`);
    }
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another run unpacked it first
    }
  }
  // Its fonts, for machines without a fontconfig setup of their own.
  const env = existsSync("/etc/fonts/fonts.conf") ? {} : { FONTCONFIG_PATH: path.join(dir, "fonts") };
  return { executablePath: exe, env, source: `@sparticuz/chromium ${version}` };
}

if (process.argv[2] === "--unpack") {
  const chromium = (await import("@sparticuz/chromium")).default;
  console.log(await chromium.executablePath());
} else if (process.argv[1] === self) {
  console.log(chromiumForTests().executablePath ?? "(Playwright's own browser)");
}
