// Applied on `npm install` (postinstall): postgres.js 3.4.x writes to a socket it has already
// dropped when a connection dies mid-transaction, throwing from a setImmediate callback (uncatchable,
// the process dies) and, if that is caught, leaving the connection unable to send anything again.
// Upstream: porsager/postgres#1208, PR #1209. Remove once a release contains the fix. Idempotent.
// Second guard: the array-type lookup a new connection runs first is started from the socket's data
// handler without anyone awaiting it; when the server ends that backend meanwhile (57P01 at a
// restart), the query that opened the connection gets the error (errored() rejects it) and the
// lookup's own rejection is left unhandled. It is caught and dropped.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const MARK = "/* syncdeck: null-socket guard */";
const TYPES_MARK = "/* syncdeck: types-lookup guard */";
const root = path.join(import.meta.dirname, "..", "node_modules", "postgres");
let patched = 0;
for (const dir of ["src", "cjs/src", "cf/src"]) {
  const file = path.join(root, dir, "connection.js");
  if (!existsSync(file)) continue;
  let text = readFileSync(file, "utf8");
  const lookup = "        return fetchArrayTypes()\n";
  if (!text.includes(TYPES_MARK) && text.includes(lookup)) {
    text = text.replace(lookup, `        return fetchArrayTypes().catch(() => {}) ${TYPES_MARK}\n`);
    writeFileSync(file, text);
    patched++;
  }
  if (text.includes(MARK)) continue;
  const write = "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)";
  const closed = "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)";
  if (!text.includes(write) || !text.includes(closed)) {
    console.warn(`patch-postgres: ${dir}/connection.js has changed; not patched (check whether the upstream fix is in)`);
    continue;
  }
  text = text
    .replace(
      write,
      `  function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
    )
    .replace(closed, `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)`);
  writeFileSync(file, text);
  patched++;
}
if (patched) console.log(`patch-postgres: ${patched} guards applied to postgres.js (writes to a closed socket, the unawaited array-type lookup)`);
