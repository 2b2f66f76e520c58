import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { createMetrics, type Metrics } from "../src/metrics/metrics.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startReceiver } from "./helpers/notification-receiver.js";
import { createWebhookChannel, enqueue, testClock, testDispatcher } from "./helpers/outbox.js";
import { startPipeline } from "./helpers/pipeline.js";
import { startTargetServer, type TargetServer } from "./helpers/target-server.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { useTestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

const token = "metrics-token-0123456789";

let handle: DatabaseHandle;
let metrics: Metrics;
let app: TestApp;
let user: TestUser;
let target: TargetServer;

/** The value of one series in a scrape, e.g. `vigil_checks_total{region="eu-west",status="up"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(): Promise<string> {
  const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  handle = await useTestDatabase();
  const { queue, prefix } = useTestQueue();
  metrics = createMetrics();
  target = await startTargetServer();
  // us-east has no worker: its jobs wait in the stream, which the queue gauges must show.
  app = await startTestApp(
    handle,
    { REGIONS: "eu-west,us-east", QUEUE_PREFIX: prefix, METRICS_TOKEN: token },
    { queue, metrics },
  );
  user = await signUp(app);
  await startPipeline({ handle, queue, prefix, workers: { "eu-west": 1 }, metrics });
});

describe("GET /metrics", () => {
  it("is a 404 while METRICS_TOKEN is unset, even with metrics recorded", async () => {
    const off = await startTestApp(handle, {}, { metrics: createMetrics({ processMetrics: false }) });
    const res = await off.request("GET", "/metrics", { token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it.each([
    ["no Authorization header", undefined],
    ["a wrong token", "Bearer metrics-token-0123456788"],
    ["a prefix of the token", "Bearer metrics-token"],
    ["another scheme", `Basic ${token}`],
  ])("refuses %s with a 401", async (_, authorization) => {
    const res = await app.request("GET", "/metrics", {
      headers: authorization ? { authorization } : {},
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("answers the Prometheus text format with request durations by route pattern", async () => {
    // us-east has no worker: nothing is checked, so the pipeline test below counts its own check only.
    const monitor = await createMonitor(app, user.token, { url: `${target.url}/ok`, regions: ["us-east"] });
    expect((await app.request("GET", "/api/monitor", { token: user.token })).status).toBe(200);
    expect((await app.request("GET", `/api/monitor/${monitor.id}`, { token: user.token })).status).toBe(200);
    expect((await app.request("GET", "/no/such/route/abc123")).status).toBe(404);

    const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(
      /^vigil_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/monitor",status_code="200"\} [1-9]/m,
    );
    expect(text).toContain('route="/api/monitor/:id",status_code="200"');
    expect(text).toContain('route="unmatched",status_code="404"');
    // Raw URLs never become labels.
    expect(text).not.toContain(monitor.id);
    expect(text).not.toContain("abc123");
    // Not part of the API's documented (and authenticated) surface.
    expect(Object.keys((await app.request("GET", "/openapi.json")).body.paths)).not.toContain("/metrics");
    // Process metrics share the registry and the prefix.
    expect(text).toMatch(/^vigil_process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^vigil_nodejs_heap_size_used_bytes /m);
  });

  it("reports each region's backlog and the results stream at scrape time", async () => {
    await createMonitor(app, user.token, { url: `${target.url}/ok`, regions: ["us-east"] });
    const text = await waitFor(
      async () => {
        const text = await scrape();
        return (sample(text, 'vigil_queue_lag{region="us-east"}') ?? 0) >= 1 ? text : undefined;
      },
      { message: "a job waiting in us-east" },
    );
    expect(sample(text, 'vigil_queue_pending{region="us-east"}')).toBe(0);
    expect(sample(text, 'vigil_queue_lag{region="eu-west"}')).toEqual(expect.any(Number));
    expect(sample(text, "vigil_results_lag")).toEqual(expect.any(Number));
    expect(sample(text, "vigil_results_pending")).toEqual(expect.any(Number));
  });
});

describe("pipeline metrics", () => {
  it("counts a real check by region and status and observes its ingest batch", async () => {
    const monitor = await createMonitor(app, user.token, {
      url: `${target.url}/status/204`,
      regions: ["eu-west"],
      expectedStatus: "204",
    });
    const stored = async () => {
      const { rows } = await handle.db.execute<{ n: number }>(
        sql`select count(*)::int as n from check_results where monitor_id = ${monitor.id}`,
      );
      return rows[0]?.n ?? 0;
    };
    // The batch is observed once stored and acked, just after the row becomes visible: wait for both.
    const text = await waitFor(
      async () => {
        const text = await scrape();
        return (await stored()) === 1 && (sample(text, "vigil_ingest_batch_size_count") ?? 0) >= 1
          ? text
          : undefined;
      },
      { message: "the check's result stored and its batch observed" },
    );
    expect(sample(text, 'vigil_checks_total{region="eu-west",status="up"}')).toBe(1);
    expect(sample(text, 'vigil_check_duration_seconds_count{region="eu-west"}')).toBe(1);
    expect(sample(text, "vigil_ingest_batch_size_sum")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "vigil_ingest_batch_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_checks_total{region="us-east",status="up"}')).toBeUndefined();
  });
});

describe("notification metrics", () => {
  it("counts deliveries by channel type: sent, failed with a retry, then dead past the horizon", async () => {
    const own = createMetrics({ processMetrics: false });
    const ok = await startReceiver();
    const failing = await startReceiver(() => ({ status: 503, body: "down" }));
    const good = await createWebhookChannel(app, user.token, ok.url, "Good");
    const bad = await createWebhookChannel(app, user.token, failing.url, "Bad");
    await enqueue(handle, user.user.id, [good.id, bad.id]);
    const clock = testClock();
    const dispatcher = testDispatcher(handle, { now: clock.now, metrics: own });
    expect(await dispatcher.dispatchOnce()).toBe(2);
    const counts = async () =>
      Object.fromEntries(
        (await own.notifications.get()).values.map((v) => [`${v.labels.type}/${v.labels.outcome}`, v.value]),
      );
    expect(await counts()).toEqual({ "webhook/sent": 1, "webhook/failed": 1 });
    // A day later the next try would fall past the 24 h horizon: the row is given up on.
    clock.advance(25 * 3_600_000);
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await counts()).toEqual({ "webhook/sent": 1, "webhook/failed": 1, "webhook/dead": 1 });
  });
});
