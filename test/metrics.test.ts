import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createMetrics, recordCheck } from "../src/metrics/metrics.js";
import { hasMetricsToken } from "../src/metrics/metrics-access.js";
import { startMetricsServer } from "../src/metrics/metrics-server.js";
import { trackQueue } from "../src/metrics/queue-gauges.js";
import { createInProcessQueue } from "../src/queue/in-process-queue.js";
import { streamKeys } from "../src/queue/stream-keys.js";

const token = "metrics-token-0123456789";
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

describe("the metrics token", () => {
  it.each([
    [`Bearer ${token}`, true],
    [`bearer ${token}`, true],
    [undefined, false],
    ["", false],
    [token, false],
    [`Bearer ${token}x`, false],
    [`Bearer ${token.slice(0, -1)}`, false],
    [`Basic ${token}`, false],
  ])("%o → %s", (authorization, allowed) => {
    expect(hasMetricsToken(authorization, token)).toBe(allowed);
  });
});

describe("the METRICS_PORT server of the roles without the API", async () => {
  const metrics = createMetrics({ processMetrics: false });
  const server = await startMetricsServer({ metrics, token, port: 0, host: "127.0.0.1", logger });
  afterAll(() => server.stop());
  const url = `http://127.0.0.1:${server.port}`;

  it("serves the registry to the token holder only", async () => {
    recordCheck(metrics, "eu-west", "down", 1_500);
    recordCheck(metrics, "eu-west", "missed", 0);
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('vigil_checks_total{region="eu-west",status="down"} 1');
    expect(text).toContain('vigil_checks_total{region="eu-west",status="missed"} 1');
    // A missed job never ran: only the down check has a duration.
    expect(text).toContain('vigil_check_duration_seconds_count{region="eu-west"} 1');
    expect(text).toContain('vigil_check_duration_seconds_bucket{le="2.5",region="eu-west"} 1');
  });

  it("answers 401 without the token and 404 elsewhere, with the API's error bodies", async () => {
    const refused = await fetch(`${url}/metrics`, { headers: { authorization: "Bearer nope" } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { code: "unauthorized", message: "A valid metrics token is required" },
    });
    const missing = await fetch(`${url}/api/monitor`, { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
    const posted = await fetch(`${url}/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(posted.status).toBe(404);
  });
});

describe("queue gauges", () => {
  it("read groupInfo at scrape time, and go empty rather than stale when the queue is gone", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const queue = createInProcessQueue();
    const keys = streamKeys("metrics-test");
    trackQueue(metrics, { queue, keys, regionNames: async () => ["eu-west"], logger });
    await queue.ensureGroup(keys.checks("eu-west"), "eu-west");
    await queue.add(keys.checks("eu-west"), [{ m: "1" }, { m: "2" }, { m: "3" }]);
    await queue.read(keys.checks("eu-west"), "eu-west", "w1", { count: 1, blockMs: 0 });

    const live = await metrics.registry.metrics();
    expect(live).toContain('vigil_queue_lag{region="eu-west"} 2');
    expect(live).toContain('vigil_queue_pending{region="eu-west"} 1');
    expect(live).toContain("vigil_results_lag 0");

    await queue.close();
    const gone = await metrics.registry.metrics();
    expect(gone).not.toContain('region="eu-west"');
    // prom-client writes NaN as "Nan", which Prometheus parses (case-insensitively) as NaN.
    expect(gone).toContain("vigil_results_lag Nan");
    expect(gone).toContain("vigil_results_pending Nan");
  });
});
