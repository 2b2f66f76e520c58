import { createServer } from "node:http";
import { afterAll } from "vitest";

export type SwitchableTarget = {
  url: string;
  /** What `/` answers from now on. */
  setStatus(code: number): void;
  /** Delay the answers of `/` (ms): a check in flight long enough to be seen pending. */
  setDelayMs(ms: number): void;
  hitsOf(path: string): number;
};

/**
 * A check target on 127.0.0.1 the test steers: `/` answers the status set with setStatus (200 at first), `/ok`
 * always 200, `/slow` 200 after 300 ms. Closed after the test file.
 */
export async function startSwitchableTarget(): Promise<SwitchableTarget> {
  let status = 200;
  let delayMs = 0;
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://target").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    req.resume();
    const answer = (code: number, body: string, afterMs: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(code, { "content-type": "text/plain" }).end(body);
      }, afterMs);
      timers.add(timer);
    };
    if (path === "/") return answer(status, status < 400 ? "ok" : "failing on purpose", delayMs);
    if (path === "/ok") return answer(200, "ok", 0);
    if (path === "/slow") return answer(200, "ok", 300);
    return answer(404, "no such path", 0);
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
    setStatus: (code) => {
      status = code;
    },
    setDelayMs: (ms) => {
      delayMs = ms;
    },
    hitsOf: (path) => hits.get(path) ?? 0,
  };
}
