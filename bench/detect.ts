/**
 * Detection time: from a target going down to the DOWN webhook arriving, through the whole product (`vigil start`
 * as its own process on PostgreSQL + Redis: scheduler, worker, ingester with the incident state machine, dispatcher).
 * Run with `npm run bench:detect`.
 *
 * BENCH_TRIALS (20) monitors, each on its own path of a local target, interval BENCH_INTERVAL_SECONDS (30),
 * confirmations 2 and the default retry interval (10 s). Once a monitor is up, its path starts failing at a random
 * moment within one interval. The bound for a trial is the wait for the first check scheduled after the failure
 * plus (confirmations − 1) × retry interval; the overhead is the detection time above it.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { benchDatabaseUrl, benchRedisUrl, envInt } from "./lib/env.js";
import { pollUntil, sleep } from "./lib/pipeline-context.js";
import { formatNumber, formatTable, percentile, printSettings } from "./lib/report.js";
import { createScratchDatabase, runBench, scratchPrefix } from "./lib/scratch.js";
import { startVigil } from "./lib/vigil-child.js";

const trials = envInt("BENCH_TRIALS", 20);
const intervalSeconds = envInt("BENCH_INTERVAL_SECONDS", 30);
const confirmations = 2;
const retrySeconds = 10;

const readBody = async (req: IncomingMessage) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
};

await runBench("bench:detect", intervalSeconds * 6 + 240, async (cleanup) => {
  printSettings("Detection benchmark", {
    BENCH_TRIALS: trials,
    BENCH_INTERVAL_SECONDS: intervalSeconds,
    confirmations,
    retryIntervalSeconds: retrySeconds,
  });
  const { handle, url: databaseUrl } = await createScratchDatabase(benchDatabaseUrl, cleanup);
  const prefix = scratchPrefix(benchRedisUrl, cleanup);

  // The target: /t/<n> answers 200 until the trial flips it to 503.
  const failing = new Set<string>();
  const target = createServer((req, res) => {
    req.resume();
    res.writeHead(failing.has(req.url ?? "") ? 503 : 200).end();
  });
  // The webhook receiver: when each monitor's DOWN notification arrived.
  const downAt = new Map<string, number>();
  const receiver = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as { event: string; monitor: { id: string } | null };
    if (body.event === "down" && body.monitor) downAt.set(body.monitor.id, Date.now());
    res.writeHead(204).end();
  });
  for (const server of [target, receiver]) {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanup.add("close server", () => new Promise((resolve) => server.close(() => resolve())));
  }
  const port = (s: typeof target) => (s.address() as AddressInfo).port;

  const vigil = await startVigil(
    {
      DATABASE_URL: databaseUrl,
      REDIS_URL: benchRedisUrl,
      QUEUE_PREFIX: prefix,
      REGIONS: "bench",
      PORT: "0",
      HOST: "127.0.0.1",
      ALLOW_PRIVATE_TARGETS: "true",
      LOG_LEVEL: "info",
      JWT_SECRET: randomBytes(32).toString("hex"),
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      DATA_DIR: `/tmp/vigil-bench-${randomBytes(4).toString("hex")}`,
      RATE_LIMIT_MAX: "100000",
    },
    cleanup,
  );
  const api = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${vigil.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = (await api("POST", "/api/auth/signup", null, {
    email: "bench@example.com",
    name: "Bench",
    password: "benchmark password",
  })) as { token: string };
  await api("POST", "/api/notification-channels", token, {
    type: "webhook",
    name: "receiver",
    config: { url: `http://127.0.0.1:${port(receiver)}/hook` },
  });
  const monitors: { id: string; path: string }[] = [];
  for (let i = 0; i < trials; i++) {
    const path = `/t/${i}`;
    const m = (await api("POST", "/api/monitor", token, {
      url: `http://127.0.0.1:${port(target)}${path}`,
      intervalSeconds,
      timeoutMs: 2_000,
      confirmations,
      retryIntervalSeconds: retrySeconds,
    })) as { id: string };
    monitors.push({ id: m.id, path });
  }
  console.log(`vigil at ${vigil.url}; waiting for ${trials} monitors to be up...`);
  await pollUntil(async () => {
    const { rows } = await handle.db.execute<{ n: number }>(
      sql`select count(*)::int as n from monitors where status = 'up'`,
    );
    return rows[0]?.n === trials;
  }, 60_000);

  // Each trial fails at its own random moment within one interval.
  const failedAt = new Map<string, number>();
  await Promise.all(
    monitors.map(async (m) => {
      await sleep(Math.random() * intervalSeconds * 1000);
      failing.add(m.path);
      failedAt.set(m.id, Date.now());
    }),
  );
  console.log("all targets failing; waiting for the webhooks...");
  await pollUntil(() => downAt.size === trials, (intervalSeconds + confirmations * retrySeconds + 30) * 1000);

  const rows: string[][] = [];
  const detection: number[] = [];
  const overhead: number[] = [];
  for (const m of monitors) {
    const failed = failedAt.get(m.id) ?? 0;
    const { rows: first } = await handle.db.execute<{ at: number }>(sql`
      select (extract(epoch from min(scheduled_at)) * 1000)::float8 as at from check_results
      where monitor_id = ${m.id} and status = 'down'`);
    const firstFailingSlot = first[0]?.at ?? failed;
    const bound = firstFailingSlot - failed + (confirmations - 1) * retrySeconds * 1000;
    const took = (downAt.get(m.id) ?? 0) - failed;
    detection.push(took);
    overhead.push(took - bound);
    rows.push([m.path, formatNumber(took), formatNumber(bound), formatNumber(took - bound)]);
  }
  console.log(`\n${formatTable(["trial", "detection ms", "bound ms", "overhead ms"], rows)}`);
  const summary = (name: string, xs: number[]) => [
    name,
    `p50 ${formatNumber(percentile(xs, 50))} / p99 ${formatNumber(percentile(xs, 99))} / max ${formatNumber(Math.max(...xs))} ms`,
  ];
  console.log(
    `\n${formatTable(["metric", "value"], [summary("detection time", detection), summary("overhead above the bound", overhead)])}`,
  );
});
