import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import net from "node:net";
import { afterAll } from "vitest";

export type TargetServer = {
  url: string;
  /** Requests received per path (without the query string). */
  hits: Map<string, number>;
  hitsOf(path: string): number;
  /** Requests per path whose response was sent in full (a check that saw its answer). */
  completedOf(path: string): number;
  /** The headers of the latest request to a path. */
  lastHeaders: Map<string, IncomingHttpHeaders>;
};

/**
 * A real HTTP server on 127.0.0.1 for checks to hit: /ok → 200, /fail → 500, /slow?ms=N → 200 after N ms,
 * /slow/<anything>?ms=N likewise, /redirect → 302 to /ok, /status/N → N. Everything else → 404.
 */
export async function startTargetServer(): Promise<TargetServer> {
  const hits = new Map<string, number>();
  const completed = new Map<string, number>();
  const lastHeaders = new Map<string, IncomingHttpHeaders>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://target");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    lastHeaders.set(url.pathname, req.headers);
    res.on("finish", () => completed.set(url.pathname, (completed.get(url.pathname) ?? 0) + 1));
    req.resume();
    if (url.pathname === "/ok") return void res.end("ok");
    if (url.pathname === "/fail") return void res.writeHead(500).end("boom");
    if (url.pathname === "/redirect") return void res.writeHead(302, { location: "/ok" }).end();
    if (url.pathname.startsWith("/status/"))
      return void res.writeHead(Number(url.pathname.slice(8)) || 500).end();
    if (url.pathname === "/slow" || url.pathname.startsWith("/slow/")) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          res.end("late");
        },
        Number(url.searchParams.get("ms") ?? 5_000),
      );
      timers.add(timer);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("target is not listening on TCP");
  return {
    url: `http://127.0.0.1:${address.port}`,
    hits,
    hitsOf: (path) => hits.get(path) ?? 0,
    completedOf: (path) => completed.get(path) ?? 0,
    lastHeaders,
  };
}

/** A port on 127.0.0.1 that nothing listens on: bound, its number read, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}
