// Applied on `npm install` (postinstall): three guards in postgres.js 3.4.x's connection.js, each
// marked so applying it again changes nothing. Remove a guard once a release contains its fix.
// - Closed socket: a connection that dies mid-transaction is written to after it was dropped,
//   throwing from a setImmediate callback (uncatchable: the process dies) and, if that is caught,
//   leaving the connection unable to send anything again. Upstream: porsager/postgres#1208, PR #1209.
// - Array-type lookup: a new connection's first query is started from the socket's data handler
//   without anyone awaiting it; when the server ends that backend meanwhile (57P01 at a restart),
//   the query that opened the connection gets the error and the lookup's rejection was left
//   unhandled. It is caught and dropped.
// - COPY FROM failing after its last row (a foreign key checked at the end of the statement, a NUL
//   byte): the writable's final callback was never called, so 'finish' never came and the writer
//   waited forever. A connection error now fails the pending final callback too.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Each guard: a marker, and the [original, replacement] pairs; applied only if every original is there. */
const GUARDS = [
  {
    name: "writes to a closed socket",
    mark: "/* syncdeck: null-socket guard */",
    edits: (mark) => [
      [
        "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
        `  function nextWrite(fn) {\n    ${mark}\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
      ],
      ["    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)", "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)"],
    ],
  },
  {
    name: "the unawaited array-type lookup",
    mark: "/* syncdeck: types-lookup guard */",
    edits: (mark) => [["        return fetchArrayTypes()\n", `        return fetchArrayTypes().catch(() => {}) ${mark}\n`]],
  },
  {
    name: "a COPY failing after its last row",
    mark: "/* syncdeck: copy-final guard */",
    edits: (mark) => [
      ["    stream && (stream.destroy(err), stream = null)\n    query && queryError(query, err)", `    stream && (stream.destroy(err), stream = null)\n    final && (final(err), final = null) ${mark}\n    query && queryError(query, err)`],
    ],
  },
];

const root = path.join(import.meta.dirname, "..", "node_modules", "postgres");
const applied = new Set();
for (const dir of ["src", "cjs/src", "cf/src"]) {
  const file = path.join(root, dir, "connection.js");
  if (!existsSync(file)) continue;
  const original = readFileSync(file, "utf8");
  let text = original;
  for (const guard of GUARDS) {
    if (text.includes(guard.mark)) continue;
    const edits = guard.edits(guard.mark);
    if (!edits.every(([from]) => text.includes(from))) {
      console.warn(`patch-postgres: ${dir}/connection.js has changed; "${guard.name}" not guarded (check whether the upstream fix is in)`);
      continue;
    }
    for (const [from, to] of edits) text = text.replace(from, to);
    applied.add(guard.name);
  }
  if (text !== original) writeFileSync(file, text);
}
if (applied.size) console.log(`patch-postgres: guarded postgres.js against ${[...applied].join(", ")}`);
