// Network stand-ins for tests and benches, on loopback only: an upstream that hangs, one across a
// slow network, and a port nothing listens on.
import net from "node:net";

type Closable = { port: number; close: () => Promise<void> };

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<Closable> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: async () => {
          for (const s of sockets) s.destroy();
          await new Promise((r) => server.close(r));
        },
      }),
    ),
  );
}

/** A TCP port that accepts connections and never answers: an upstream that hangs until its client gives up. */
export function hangingServer(): Promise<Closable> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s)).on("error", () => {});
  });
  return listen(server, sockets);
}

/** A TCP proxy that delays every chunk in both directions: an upstream across a slow network. */
export function latencyProxy(target: { host: string; port: number }, delayMs: number): Promise<Closable> {
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
  return listen(server, sockets);
}

/** A port nothing listens on: a connection there is refused at once. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
