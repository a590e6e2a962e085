// A separate process running the embedded engine on a database, to be killed with SIGKILL by a test.
import pino from "pino";
import { createDb } from "@/db/client";
import { EmbeddedRunner } from "@/lib/engine/runner";
import { workflows } from "@/lib/workflows";

const handle = createDb(process.argv[2]!, { max: 6 });
const runner = new EmbeddedRunner({ db: handle.db, sql: handle.sql, workflows, logger: pino({ level: "silent" }), pollMs: 50 });
await runner.start();
process.stdout.write("ready\n");
setInterval(() => {}, 1 << 30);
