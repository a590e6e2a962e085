import net from "node:net";
import pino from "pino";
import { createDb } from "@/db/client";
import { generateEncryptionKey } from "@/lib/crypto/secrets";
import { EmbeddedRunner } from "@/lib/engine/runner";
import { createDatabaseFromTemplate, prepareTemplate, startTestServer } from "@/lib/test-database";
import { workflows } from "@/lib/workflows";

process.env.SYNCDECK_ENCRYPTION_KEY ??= generateEncryptionKey();

/** A fresh database on the bench server (embedded on its own port unless TEST_DATABASE_URL is set). */
export async function benchDatabase(prefix: string) {
  process.env.SYNCDECK_TEST_PG_PORT ??= "54389";
  const { serverUrl, server } = await startTestServer(process.cwd());
  await prepareTemplate(serverUrl);
  const { url, name } = await createDatabaseFromTemplate(serverUrl, prefix);
  const handle = createDb(url, { max: 12 });
  return {
    ...handle,
    url,
    name,
    serverUrl,
    close: async () => {
      await handle.sql.end({ timeout: 5 });
      if (server && !server.reused) await server.stop();
    },
  };
}

export function benchRunner(handle: ReturnType<typeof createDb>) {
  return new EmbeddedRunner({ db: handle.db, sql: handle.sql, workflows, logger: pino({ level: "silent" }), pollMs: 50 });
}

/** A TCP proxy that delays every chunk in both directions: an upstream across a slow network. */
export async function latencyProxy(target: { host: string; port: number }, delayMs: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const pipe = (from: net.Socket, to: net.Socket) =>
      from.on("data", (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
    pipe(client, upstream);
    pipe(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;
export const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
