import { once } from "node:events";
import { createServer, type IncomingMessage, type RequestListener } from "node:http";
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { checkJob } from "../../test/helpers/check-job.js";
import { startDnsServer } from "../../test/helpers/dns-server.js";
import type { CheckJob } from "../queue/messages.js";
import { defaultUserAgent, type HttpCheckOptions, runHttpCheck } from "./http-check.js";

interface TestServer {
  origin: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: () => number;
  /** Settles once every connection accepted so far has closed. */
  allClosed: () => Promise<void>;
}

const servers: Server[] = [];
/** Every connection the servers accepted, destroyed after each test so closing a server never waits on one. */
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
});

/** Listens on 127.0.0.1 until the end of the test; an http server or a raw TCP one. */
async function listen(server: Server): Promise<TestServer> {
  servers.push(server);
  const closed: Promise<unknown>[] = [];
  server.on("connection", (socket: Socket) => {
    sockets.push(socket);
    // Not events.once: a reset from the client is an "error" on this side, and it still ends in "close".
    closed.push(new Promise((resolve) => socket.once("close", resolve)));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    connections: () => closed.length,
    allClosed: async () => {
      await Promise.all(closed);
    },
  };
}

const serve = (handler: RequestListener): Promise<TestServer> => listen(createServer(handler));

/** A TCP server that answers each connection's first request bytes with `respond`, for what http cannot send. */
const serveRaw = (respond: (socket: Socket) => void): Promise<TestServer> =>
  listen(
    createNetServer((socket) => {
      // The check hangs up mid-response on purpose, which is an error on this side.
      socket.on("error", () => socket.destroy());
      socket.once("data", () => respond(socket));
    }),
  );

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Checks of the local test servers: private targets allowed, explicitly, as ALLOW_PRIVATE_TARGETS=true would. */
const check = (j: CheckJob, options: HttpCheckOptions = {}) =>
  runHttpCheck(j, { targets: { allowPrivateTargets: true }, ...options });

describe("runHttpCheck", () => {
  it("reports a 200 as up with per-phase timings", async () => {
    const target = await serve((_req, res) => res.end("ok"));
    const outcome = await check(checkJob(`${target.origin}/health`));
    expect(outcome).toMatchObject({ status: "up", statusCode: 200, error: null });
    expect(outcome.finalUrl).toBe(`${target.origin}/health`);
    const { timings } = outcome;
    expect(timings?.dnsMs).toBeNull();
    expect(timings?.tlsMs).toBeNull();
    expect(timings?.connectMs).toBeGreaterThanOrEqual(0);
    expect(timings?.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(timings?.firstByteMs).toBeLessThanOrEqual(timings?.totalMs ?? -1);
    expect(outcome.responseTimeMs).toBe(timings?.totalMs);
  });

  it("reports an unexpected status as down", async () => {
    const target = await serve((_req, res) => {
      res.statusCode = 500;
      res.end("boom");
    });
    const outcome = await check(checkJob(target.origin));
    expect(outcome).toMatchObject({ status: "down", statusCode: 500, error: "HTTP 500 (expected 200-399)" });
    expect(outcome.timings?.totalMs).toBeGreaterThanOrEqual(0);

    const expected500 = await check(checkJob(target.origin, { expectedStatus: "500" }));
    expect(expected500).toMatchObject({ status: "up", statusCode: 500, error: null });
  });

  it("times out a server that never answers, within the timeout", async () => {
    const target = await serve(() => undefined);
    const startedAt = performance.now();
    const outcome = await check(checkJob(target.origin, { timeoutMs: 300 }));
    expect(performance.now() - startedAt).toBeLessThan(300 + 500);
    expect(outcome).toMatchObject({
      status: "down",
      statusCode: null,
      responseTimeMs: null,
      timings: null,
      error: "Timed out after 300 ms",
    });
  });

  it("counts the body read in the timeout", async () => {
    const target = await serve((_req, res) => {
      res.writeHead(200);
      res.write("first chunk, then silence");
    });
    const outcome = await check(checkJob(target.origin, { timeoutMs: 300 }));
    expect(outcome).toMatchObject({ status: "down", statusCode: null, error: "Timed out after 300 ms" });
  });

  it("follows a chain of redirects, each on a fresh connection", async () => {
    const next: Record<string, string> = { "/a": "/b", "/b": "/c", "/c": "/final" };
    const target = await serve((req, res) => {
      const location = next[req.url ?? ""];
      if (location) res.writeHead(302, { location }).end();
      else res.end("arrived");
    });
    const outcome = await check(checkJob(`${target.origin}/a`));
    expect(outcome).toMatchObject({ status: "up", statusCode: 200, finalUrl: `${target.origin}/final` });
    expect(target.connections()).toBe(4);
  });

  it("fails a redirect loop after maxRedirects", async () => {
    let requests = 0;
    const target = await serve((_req, res) => {
      requests += 1;
      res.writeHead(301, { location: "/loop" }).end();
    });
    const outcome = await check(checkJob(`${target.origin}/loop`));
    expect(outcome).toMatchObject({ status: "down", error: "Too many redirects (more than 5)" });
    expect(requests).toBe(6);
  });

  it("turns a POST into a GET without body on 303", async () => {
    const seen: string[] = [];
    const target = await serve(async (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers["content-type"] ?? "-"} ${await readBody(req)}`);
      if (req.url === "/form") res.writeHead(303, { location: "/done" }).end();
      else res.end();
    });
    const body = JSON.stringify({ a: 1 });
    const headers = { "Content-Type": "application/json" };
    await check(checkJob(`${target.origin}/form`, { method: "POST", body, headers }));
    expect(seen).toEqual([`POST /form application/json ${body}`, "GET /done - "]);
  });

  it("reports a closed port as connection refused", async () => {
    const target = await serve((_req, res) => res.end());
    const closedServer = servers.pop();
    await new Promise((resolve) => closedServer?.close(resolve));
    const outcome = await check(checkJob(target.origin));
    expect(outcome).toMatchObject({ status: "down", statusCode: null, error: "Connection refused" });
  });

  it("reports an unknown host as a DNS failure", async () => {
    const outcome = await check(checkJob("http://vigil-check-test.invalid/"));
    expect(outcome.status).toBe("down");
    expect(outcome.error).toMatch(/^DNS lookup failed for vigil-check-test\.invalid/);
  });

  it("sends the method, body and headers, with a default User-Agent", async () => {
    const received: { method?: string; body: string; token?: string; agent?: string }[] = [];
    const target = await serve(async (req, res) => {
      const { method, headers } = req;
      received.push({
        method,
        body: await readBody(req),
        token: headers["x-token"] as string,
        agent: headers["user-agent"],
      });
      res.end();
    });
    const body = "ping=1";
    await check(checkJob(target.origin, { method: "POST", body, headers: { "X-Token": "secret" } }));
    await check(checkJob(target.origin, { headers: { "user-agent": "custom/1" } }));
    expect(received).toEqual([
      { method: "POST", body, token: "secret", agent: defaultUserAgent },
      { method: "GET", body: "", token: undefined, agent: "custom/1" },
    ]);
  });

  it.each([
    ["5 MB", 5 * 1024 * 1024],
    ["endless", Number.POSITIVE_INFINITY],
  ])("stops reading a %s body at the cap", async (_name, size) => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    const target = await serve((_req, res) => {
      let sent = 0;
      const writeMore = (): void => {
        while (sent < size && !res.destroyed) {
          sent += chunk.length;
          // Respect backpressure so the server only writes as fast as the check reads.
          if (!res.write(chunk)) {
            res.once("drain", writeMore);
            return;
          }
        }
        res.end();
      };
      writeMore();
    });
    const outcome = await check(checkJob(target.origin));
    expect(outcome).toMatchObject({ status: "up", statusCode: 200 });
    await target.allClosed();
  });

  it("opens a fresh connection for every check", async () => {
    const target = await serve((_req, res) => res.end("ok"));
    for (let i = 0; i < 3; i++) await check(checkJob(target.origin));
    expect(target.connections()).toBe(3);
  });

  it("runs hundreds of checks at once and leaves no socket open", async () => {
    const target = await serve((_req, res) => res.end("ok"));
    const outcomes = await Promise.all(Array.from({ length: 300 }, () => check(checkJob(target.origin))));
    expect(outcomes.filter((o) => o.status === "up")).toHaveLength(300);
    expect(target.connections()).toBe(300);
    await target.allClosed();
  });

  it("resolves localhost and times the lookup", async () => {
    const target = await serve((_req, res) => res.end("ok"));
    const outcome = await check(checkJob(`http://localhost:${target.port}/`));
    expect(outcome.status).toBe("up");
    expect(outcome.timings?.dnsMs).toEqual(expect.any(Number));
  });

  describe("SSRF guard", () => {
    it("refuses private targets by default, naming the setting, without connecting", async () => {
      const target = await serve((_req, res) => res.end("ok"));
      const outcome = await runHttpCheck(checkJob(target.origin));
      expect(outcome.status).toBe("down");
      expect(outcome.error).toMatch(/127\.0\.0\.1 is loopback.*ALLOW_PRIVATE_TARGETS=true/);
      expect(target.connections()).toBe(0);
    });

    it("refuses a redirect to a private address", async () => {
      const inner = await serve((_req, res) => res.end("secret"));
      const outer = await serve((_req, res) => {
        res.writeHead(302, { location: `http://127.0.0.2:${inner.port}/` }).end();
      });
      // Only the first hop's address is let through: the redirect target is loopback like any other.
      const outcome = await runHttpCheck(checkJob(outer.origin), {
        targets: { allowedPrivateNetworks: ["127.0.0.1/32"] },
      });
      expect(outcome.status).toBe("down");
      expect(outcome.error).toMatch(/127\.0\.0\.2 is loopback/);
      expect(outer.connections()).toBe(1);
      expect(inner.connections()).toBe(0);
    });

    it("judges the addresses a name resolves to, not the name", async () => {
      const dns = await startDnsServer({
        "internal.vigil.test": ["10.0.0.5"],
        "rebind.vigil.test": ["127.0.0.1"],
      });
      const target = await serve((_req, res) => res.end("ok"));
      const internal = await runHttpCheck(checkJob("http://internal.vigil.test/"), { lookup: dns.lookup });
      expect(internal.error).toMatch(/10\.0\.0\.5 is private/);
      const rebind = await runHttpCheck(checkJob(`http://rebind.vigil.test:${target.port}/`), {
        lookup: dns.lookup,
      });
      expect(rebind.error).toMatch(/127\.0\.0\.1 is loopback/);
      expect(target.connections()).toBe(0);
      // With the guard lifted the same name is checked, through the same resolver.
      const allowed = await check(checkJob(`http://rebind.vigil.test:${target.port}/`), {
        lookup: dns.lookup,
      });
      expect(allowed.status).toBe("up");
    });
  });

  describe("response header limits", () => {
    it.each([
      ["2,000 header lines", Array.from({ length: 2_000 }, (_, i) => `X-Filler-${i}: ${"x".repeat(40)}`)],
      ["one 100 KB header", [`X-Huge: ${"x".repeat(100 * 1024)}`]],
    ])("fails %s at the 16 KiB limit instead of waiting", async (_name, lines) => {
      // No blank line after the headers: without the limit the check would wait for the rest until the timeout.
      const target = await serveRaw((socket) => socket.write(`HTTP/1.1 200 OK\r\n${lines.join("\r\n")}\r\n`));
      const outcome = await check(checkJob(target.origin));
      expect(outcome).toMatchObject({
        status: "down",
        statusCode: null,
        error: "Response headers too large (over 16 KiB)",
      });
      await target.allClosed();
    });

    it("ends a response whose headers never finish at the timeout", async () => {
      const target = await serveRaw((socket) => {
        socket.write("HTTP/1.1 200 OK\r\n");
        // A few bytes every 10 ms: under the size limit for as long as the check could last.
        let line = 0;
        const drip = setInterval(() => socket.write(`X-Drip-${line++}: x\r\n`), 10);
        socket.once("close", () => clearInterval(drip));
      });
      const startedAt = performance.now();
      const outcome = await check(checkJob(target.origin, { timeoutMs: 300 }));
      expect(performance.now() - startedAt).toBeLessThan(300 + 500);
      expect(outcome).toMatchObject({ status: "down", statusCode: null, error: "Timed out after 300 ms" });
      await target.allClosed();
    });
  });

  describe("HTTP options from the monitor", () => {
    it("sends basic and bearer auth and a custom user agent, unless the headers set their own", async () => {
      const seen: (string | undefined)[][] = [];
      const target = await serve((req, res) => {
        seen.push([req.headers.authorization, req.headers["user-agent"]]);
        res.end("ok");
      });
      await check(checkJob(target.origin, { auth: { type: "basic", username: "ada", password: "pa:ss" } }));
      await check(
        checkJob(target.origin, { auth: { type: "bearer", token: "t0k" }, userAgent: "MyProbe/2" }),
      );
      await check(
        checkJob(target.origin, {
          auth: { type: "bearer", token: "t0k" },
          headers: { authorization: "Custom x" },
        }),
      );
      expect(seen).toEqual([
        [`Basic ${Buffer.from("ada:pa:ss").toString("base64")}`, defaultUserAgent],
        ["Bearer t0k", "MyProbe/2"],
        ["Custom x", defaultUserAgent],
      ]);
    });

    it("treats a redirect as the answer when following is off, and honours a lower redirect limit", async () => {
      let requests = 0;
      const target = await serve((_req, res) => {
        requests += 1;
        res.writeHead(301, { location: "/loop" }).end();
      });
      const unfollowed = await check(checkJob(`${target.origin}/loop`, { followRedirects: false }));
      expect(unfollowed).toMatchObject({ status: "up", statusCode: 301, finalUrl: `${target.origin}/loop` });
      const strict = await check(
        checkJob(`${target.origin}/loop`, { followRedirects: false, expectedStatus: "200" }),
      );
      expect(strict).toMatchObject({ status: "down", error: "HTTP 301 (expected 200)" });
      requests = 0;
      const limited = await check(checkJob(`${target.origin}/loop`, { maxRedirects: 2 }));
      expect(limited).toMatchObject({ status: "down", error: "Too many redirects (more than 2)" });
      expect(requests).toBe(3);
    });
  });
});
