// The product's engine as its own process (embedded runner + every workflow), for the chaos run to
// SIGKILL and the database-restart test to starve. Logs go to stderr; stdout says `ready`, then with
// SYNCDECK_ENGINE_STATUS_MS prints `status {json}` lines.
import pino from "pino";
import { createDb } from "@/db/client";
import { EmbeddedRunner } from "@/lib/engine/runner";
import { workflows } from "@/lib/workflows";

const logger = pino({ level: process.env.SYNCDECK_ENGINE_LOG_LEVEL ?? "warn" }, pino.destination(2));
let unhandled = 0;
process.on("unhandledRejection", (reason) => {
  unhandled++;
  logger.error({ err: String(reason) }, "unhandled rejection");
});
const handle = createDb(process.argv[2]!, { max: 10 });
const runner = new EmbeddedRunner({ db: handle.db, sql: handle.sql, workflows, logger, pollMs: 50 });
await runner.start();
process.stdout.write("ready\n");
const statusMs = Number(process.env.SYNCDECK_ENGINE_STATUS_MS);
if (statusMs > 0) {
  setInterval(() => process.stdout.write(`status ${JSON.stringify({ ...runner.status(), unhandled })}\n`), statusMs);
}
process.once("SIGTERM", () => {
  void runner
    .stop()
    .then(() => handle.sql.end({ timeout: 2 }))
    .finally(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
