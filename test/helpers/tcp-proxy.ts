import net from "node:net";
import { afterAll } from "vitest";

/**
 * A TCP proxy on 127.0.0.1 in front of a real server, which the test can cut: cut() drops every open connection
 * and refuses new ones until restore(). Lets a test take PostgreSQL away from the code under test without
 * stopping the shared server.
 */
export async function startTcpProxy(targetPort: number, targetHost = "127.0.0.1") {
  let cut = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = net.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy is not listening on TCP");
  return {
    port: address.port,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
  };
}

/** A proxy in front of the database at `url`, and that database's URL through the proxy. */
export async function startDatabaseProxy(url: string) {
  const direct = new URL(url);
  const proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
  const proxied = new URL(url);
  proxied.port = String(proxy.port);
  return { ...proxy, url: proxied.toString() };
}
