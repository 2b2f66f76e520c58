/**
 * The check target, run as a child process (fork) so its CPU is not counted as the worker's: node:http on
 * 127.0.0.1 answering 200 "ok" at once to every path, recording each request's arrival time.
 * Talks to the parent over IPC: "ready" with its port, then answers "stats" requests; exits on "stop" or when
 * the parent goes away.
 */
import { createServer } from "node:http";
import { z } from "zod";

/** Arrival times kept, at most: ~80 MB of doubles, far beyond any run this benchmark makes. */
const maxArrivals = 10_000_000;
const arrivals: number[] = [];
let total = 0;

const server = createServer((req, res) => {
  total++;
  if (arrivals.length < maxArrivals) arrivals.push(Date.now());
  req.resume();
  res.writeHead(200, { "content-type": "text/plain", "content-length": "2" }).end("ok");
});

const requestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("stats"), fromMs: z.number(), toMs: z.number() }),
  z.object({ type: z.literal("stop") }),
]);

function stats(fromMs: number, toMs: number) {
  const perSecond = new Array<number>(Math.max(1, Math.ceil((toMs - fromMs) / 1000))).fill(0);
  let count = 0;
  for (const at of arrivals) {
    if (at < fromMs || at >= toMs) continue;
    count++;
    const bucket = Math.floor((at - fromMs) / 1000);
    perSecond[bucket] = (perSecond[bucket] ?? 0) + 1;
  }
  const cpu = process.cpuUsage();
  return {
    type: "stats" as const,
    count,
    total,
    perSecond,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBytes: process.memoryUsage().rss,
  };
}

function stop(): void {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
}

process.on("message", (raw: unknown) => {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) return;
  if (parsed.data.type === "stop") stop();
  else process.send?.(stats(parsed.data.fromMs, parsed.data.toMs));
});
process.on("disconnect", stop);

server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = address && typeof address !== "string" ? address.port : 0;
  process.send?.({ type: "ready", port });
});
