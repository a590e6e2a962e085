import type { Writable } from "node:stream";
import { instances } from "@/db/schema";
import type { UpstreamAccountSnapshot } from "@/lib/connectors/types";
import { applyAccountSnapshot } from "@/lib/sync/account-snapshot";
import { benchDatabase, shutdownBench } from "./bench/support";
const b = await benchDatabase("perf_acct");
const snapshot: UpstreamAccountSnapshot[] = Array.from({ length: 50000 }, (_, i) => ({
  name: `role_${String(i).padStart(6, "0")}`, canLogin: i % 5 !== 0, superuser: i % 997 === 0, createDb: i % 13 === 0, createRole: i % 17 === 0,
  replication: false, connectionLimit: i % 3 === 0 ? 10 : -1, validUntil: i % 11 === 0 ? "2031-01-01T00:00:00.000Z" : null,
  memberOf: i % 4 === 0 ? ["app_readers", "app_writers"] : ["app_readers"],
  privileges: { databases: { app: ["CONNECT", "TEMPORARY"] }, schemas: { public: ["USAGE"] } },
}));
const inst = async (name: string) => (await b.db.insert(instances).values({ name, kind: "postgres", secretCiphertext: "x", endpoint: "127.0.0.1:9/x" }).returning())[0]!.id;
const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
for (let k = 0; k < 2; k++) {
  const a1 = await inst(`o${k}`), a2 = await inst(`c${k}`);
  let t0 = performance.now();
  const r = await b.db.transaction((tx) => applyAccountSnapshot(tx, a1, snapshot));
  const ours = performance.now() - t0;
  t0 = performance.now();
  await b.db.transaction((tx) => applyAccountSnapshot(tx, a1, snapshot));
  const again = performance.now() - t0;
  t0 = performance.now();
  const w: Writable = await b.sql`copy upstream_accounts (instance_id, name, can_login, superuser, create_db, create_role, replication, connection_limit, valid_until, member_of, privileges, fingerprint) from stdin`.writable();
  const done = new Promise((r, j) => w.on("finish", r).on("error", j));
  for (let i = 0; i < snapshot.length; i += 1000) {
    const chunk = snapshot.slice(i, i + 1000).map((a) => `${a2}\t${esc(a.name)}\t${a.canLogin}\t${a.superuser}\t${a.createDb}\t${a.createRole}\t${a.replication}\t${a.connectionLimit}\t${a.validUntil ?? "\\N"}\t{${a.memberOf.join(",")}}\t${esc(JSON.stringify(a.privileges))}\t${a.name}\n`).join("");
    if (!w.write(chunk)) await new Promise((r) => w.once("drain", r));
  }
  w.end(); await done;
  const copy = performance.now() - t0;
  console.log(JSON.stringify(r), "ours", ours.toFixed(0), "again", again.toFixed(0), "copy", copy.toFixed(0), "ratio", (copy / ours).toFixed(2));
}
await b.close();
await shutdownBench();
process.exit(0);
