// `npm run inngest:build`: builds the pinned Inngest CLI from its Go module, once per machine.
// Its go.mod carries a `replace`, so `go install …/cmd@version` is refused; instead the module is
// downloaded through the Go proxy and built in a writable copy. The docs it embeds are not in the
// module zip, so an empty docs folder stands in (the CLI serves them only in its UI).
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { INNGEST_MODULE, INNGEST_VERSION, inngestBinPath, inngestBinVersion } from "./binary";

function run(cmd: string, args: string[], opts: { cwd?: string } = {}) {
  const res = spawnSync(cmd, args, { cwd: opts.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  if (res.error) throw new Error(`${cmd} could not start: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${res.status}`);
  return res.stdout;
}

function makeWritable(dir: string) {
  run("chmod", ["-R", "u+w", dir]);
}

function main() {
  const bin = inngestBinPath();
  const existing = inngestBinVersion(bin);
  if (existing) {
    console.log(`inngest: ${existing} (${bin}, already built)`);
    return;
  }
  if (spawnSync("go", ["version"]).status !== 0) {
    console.error("inngest:build needs Go (https://go.dev/dl) to build the Inngest server from its module.");
    process.exit(1);
  }
  const started = Date.now();
  console.log(`inngest: downloading ${INNGEST_MODULE}@${INNGEST_VERSION} through the Go module proxy…`);
  const info = JSON.parse(run("go", ["mod", "download", "-json", `${INNGEST_MODULE}@${INNGEST_VERSION}`])) as {
    Dir: string;
    Origin?: { Hash?: string };
  };
  const work = mkdtempSync(path.join(os.tmpdir(), "syncdeck-inngest-build-"));
  try {
    const src = path.join(work, "src");
    cpSync(info.Dir, src, { recursive: true });
    makeWritable(src);
    const docs = path.join(src, "internal", "embeddocs", "website", "pages", "docs");
    mkdirSync(docs, { recursive: true });
    writeFileSync(path.join(docs, "README.md"), "Inngest documentation: https://www.inngest.com/docs\n");
    const version = `-X ${INNGEST_MODULE}/pkg/inngest/version.Version=${INNGEST_VERSION.replace(/^v/, "")}`;
    const hash = `-X ${INNGEST_MODULE}/pkg/inngest/version.Hash=${(info.Origin?.Hash ?? "unknown").slice(0, 7)}`;
    console.log("inngest: building ./cmd (a few minutes the first time)…");
    const out = path.join(work, "inngest");
    run("go", ["build", "-trimpath", "-ldflags", `-s -w ${version} ${hash}`, "-o", out, "./cmd"], { cwd: src });
    mkdirSync(path.dirname(bin), { recursive: true });
    // Renamed into place, so a concurrent run never sees half a binary.
    const staged = `${bin}.${process.pid}`;
    cpSync(out, staged);
    chmodSync(staged, 0o755);
    renameSync(staged, bin);
  } finally {
    // The module cache's copy is read-only; ours is not, so it can be removed.
    rmSync(work, { recursive: true, force: true });
  }
  const built = inngestBinVersion(bin);
  if (!built) throw new Error(`the built binary at ${bin} does not run`);
  console.log(`inngest: ${built} (${bin}, built in ${Math.round((Date.now() - started) / 1000)} s)`);
}

try {
  main();
} catch (err) {
  console.error(`inngest:build: ${(err as Error).message}`);
  process.exit(1);
}
