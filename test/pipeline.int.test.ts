import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { startDnsServer } from "./helpers/dns-server.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { startPipeline } from "./helpers/pipeline.js";
import { closedPort, startTargetServer, type TargetServer } from "./helpers/target-server.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { useTestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

type Row = { region: string; status: string; statusCode: number | null; error: string | null };

let handle: DatabaseHandle;
let app: TestApp;
let target: TargetServer;
let user: TestUser;

async function resultsOf(monitorId: string): Promise<Row[]> {
  const { rows } = await handle.db.execute<Row>(sql`
    select region, status, status_code as "statusCode", error from check_results
    where monitor_id = ${monitorId} order by region`);
  return rows;
}

/** Waits until the monitor has a result in each region, then returns them. */
async function waitForResults(monitorId: string, regions: number, timeoutMs = 15_000): Promise<Row[]> {
  return waitFor(
    async () => {
      const rows = await resultsOf(monitorId);
      return rows.length >= regions ? rows : undefined;
    },
    { timeoutMs, message: `${regions} results of monitor ${monitorId}` },
  );
}

beforeAll(async () => {
  handle = await useTestDatabase();
  const { queue, prefix } = useTestQueue();
  target = await startTargetServer();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east", QUEUE_PREFIX: prefix }, { queue });
  user = await signUp(app);
  await startPipeline({ handle, queue, prefix, workers: { "eu-west": 2, "us-east": 1 }, concurrency: 5 });
});

describe("the check pipeline, scheduler to stored result", () => {
  it("checks a new monitor at once from every region and stores the outcome", async () => {
    const cases = [
      { path: "/ok", status: "up", statusCode: 200, error: null },
      { path: "/fail", status: "down", statusCode: 500, error: /HTTP 500/ },
      { path: "/redirect", status: "up", statusCode: 200, error: null },
      { path: "/slow?ms=5000", status: "down", statusCode: null, error: /Timed out after 1000 ms/ },
    ];
    const monitors = await Promise.all(
      cases.map((c) =>
        createMonitor(app, user.token, {
          url: `${target.url}${c.path}`,
          timeoutMs: 1000,
          intervalSeconds: 60,
        }),
      ),
    );
    const refused = await createMonitor(app, user.token, {
      url: `http://127.0.0.1:${await closedPort()}/`,
      intervalSeconds: 60,
    });

    for (const [i, c] of cases.entries()) {
      const rows = await waitForResults(monitors[i]?.id ?? "", 2);
      expect(rows.map((r) => r.region)).toEqual(["eu-west", "us-east"]);
      for (const row of rows) {
        expect(row).toMatchObject({ status: c.status, statusCode: c.statusCode });
        if (c.error) expect(row.error).toMatch(c.error);
        else expect(row.error).toBeNull();
      }
    }
    for (const row of await waitForResults(refused.id, 2)) {
      expect(row).toMatchObject({
        status: "down",
        statusCode: null,
        error: expect.stringMatching(/Connection refused/),
      });
    }
    // The API shows the pipeline's verdict.
    const ok = await app.request("GET", `/api/monitor/${monitors[0]?.id}`, { token: user.token });
    expect(ok.body).toMatchObject({ status: "up", lastCheckedAt: expect.any(String) });
    const latest = await app.request("GET", `/api/results/${monitors[0]?.id}/latest`, { token: user.token });
    expect(latest.body.items).toHaveLength(2);
    const redirected = await app.request("GET", `/api/results/${monitors[2]?.id}/latest`, {
      token: user.token,
    });
    for (const item of redirected.body.items) {
      expect(item).toMatchObject({
        finalUrl: `${target.url}/ok`,
        remoteAddress: "127.0.0.1",
        certificate: null,
      });
    }
    for (const item of latest.body.items) {
      expect(item.timings).toMatchObject({
        dnsMs: null,
        tlsMs: null,
        connectMs: expect.any(Number),
        totalMs: expect.any(Number),
      });
    }
  });

  it("shares a region's jobs between its workers: each check runs once per region", async () => {
    const before = target.hitsOf("/status/204");
    const monitors: { id: string }[] = [];
    for (let i = 0; i < 20; i++) {
      monitors.push(
        await createMonitor(app, user.token, {
          url: `${target.url}/status/204?n=${i}`,
          expectedStatus: "204",
          intervalSeconds: 600,
        }),
      );
    }
    for (const monitor of monitors) await waitForResults(monitor.id, 2);
    // 20 monitors × 2 regions, each slot checked exactly once: no double checks between the two eu-west workers.
    expect(target.hitsOf("/status/204") - before).toBe(40);
    const { rows } = await handle.db.execute<{ n: number }>(sql`
      select count(*)::int as n from check_results
      where monitor_id = any(${sql.param(monitors.map((m) => m.id))}::uuid[]) and status = 'up'`);
    expect(rows[0]?.n).toBe(40);
  });

  it("stops checking a paused monitor and checks an edited one again at once", async () => {
    const monitor = await createMonitor(app, user.token, {
      url: `${target.url}/status/202?p=1`,
      expectedStatus: "202",
      intervalSeconds: 600,
    });
    await waitForResults(monitor.id, 2);
    await app.request("PUT", `/api/monitor/${monitor.id}`, { token: user.token, body: { paused: true } });
    await app.request("PUT", `/api/monitor/${monitor.id}`, {
      token: user.token,
      body: { paused: false, expectedStatus: "200" },
    });
    // Resuming with an edit schedules an immediate check: a second slot per region, now failing the new expectation.
    const rows = await waitForResults(monitor.id, 4);
    expect(rows.filter((r) => r.status === "down")).toHaveLength(2);
  });

  it("never lets a peer steal a check that runs longer than the claim idle time", async () => {
    // claimIdleMs is 2 s in this pipeline; the check takes 4.5 s while another eu-west worker is idle.
    const monitor = await createMonitor(app, user.token, {
      url: `${target.url}/slow/keep?ms=4500`,
      timeoutMs: 8000,
      intervalSeconds: 600,
    });
    const rows = await waitForResults(monitor.id, 2, 20_000);
    expect(rows.every((r) => r.status === "up")).toBe(true);
    expect(target.hitsOf("/slow/keep")).toBe(2);
    expect(target.completedOf("/slow/keep")).toBe(2);
  });

  it("carries the monitor's HTTP options through the job to the worker", async () => {
    const monitor = await createMonitor(app, user.token, {
      url: `${target.url}/status/200?opts=1`,
      auth: { type: "bearer", token: "pipeline-secret" },
      userAgent: "OptionsProbe/1",
      intervalSeconds: 600,
    });
    await waitForResults(monitor.id, 2);
    expect(target.lastHeaders.get("/status/200")).toMatchObject({
      authorization: "Bearer pipeline-secret",
      "user-agent": "OptionsProbe/1",
    });
  });

  it("runs the monitor's assertions: a failure says which and what was found; slow can mean degraded", async () => {
    const create = (path: string, assertions: unknown[]) =>
      createMonitor(app, user.token, { url: `${target.url}${path}`, assertions, intervalSeconds: 600 });
    const passing = await create("/ok?a=1", [{ type: "body", operator: "contains", value: "OK" }]);
    const failing = await create("/ok?a=2", [
      { type: "header", name: "content-length", operator: "exists" },
      { type: "body", operator: "contains", value: "healthy" },
    ]);
    const slow = await create("/slow/assert?ms=300", [
      { type: "responseTime", lessThanMs: 100, degraded: true },
    ]);

    for (const row of await waitForResults(passing.id, 2))
      expect(row).toMatchObject({ status: "up", error: null });
    for (const row of await waitForResults(failing.id, 2)) {
      expect(row).toMatchObject({ status: "down", error: expect.stringMatching(/body contains "healthy"/) });
    }
    const checks = await app.request("GET", `/api/results/${failing.id}/checks`, { token: user.token });
    expect(checks.body.items[0].failedAssertion).toMatchObject({ index: 1, type: "body" });
    for (const row of await waitForResults(slow.id, 2)) expect(row.status).toBe("degraded");
    const monitor = await app.request("GET", `/api/monitor/${slow.id}`, { token: user.token });
    expect(monitor.body.status).toBe("degraded");
    const stats = await app.request("GET", `/api/monitor/${slow.id}/stats`, { token: user.token });
    // Degraded is not an outage: it counts toward uptime.
    expect(stats.body.overall).toMatchObject({ degraded: 2, down: 0, uptime: 1 });
  });

  it("checks tcp monitors by opening a connection", async () => {
    const open = await createMonitor(app, user.token, {
      type: "tcp",
      url: `tcp://127.0.0.1:${new URL(target.url).port}`,
      intervalSeconds: 600,
    });
    const shut = await createMonitor(app, user.token, {
      type: "tcp",
      url: `tcp://127.0.0.1:${await closedPort()}`,
      intervalSeconds: 600,
    });
    expect(open).toMatchObject({ type: "tcp", name: "127.0.0.1" });
    for (const row of await waitForResults(open.id, 2))
      expect(row).toMatchObject({ status: "up", statusCode: null });
    for (const row of await waitForResults(shut.id, 2))
      expect(row).toMatchObject({ status: "down", error: "Connection refused" });
  });

  it("checks dns monitors against the resolver they name, asserting the records", async () => {
    const dns = await startDnsServer({
      "status.example.test": { MX: [{ priority: 10, exchange: "mx1.example.test" }], TXT: [["v=spf1 -all"]] },
    });
    const create = (query: string, assertions: unknown[]) =>
      createMonitor(app, user.token, { type: "dns", url: `dns://${dns.server}/${query}`, assertions });
    const mx = await create("status.example.test?type=MX", [
      { type: "dns", operator: "equals", values: ["10 MX1.example.test."] },
    ]);
    const txt = await create("status.example.test?type=TXT", [
      { type: "dns", operator: "contains", values: ["v=spf1 ~all"] },
    ]);
    const missing = await create("gone.example.test?type=A", []);
    for (const row of await waitForResults(mx.id, 2))
      expect(row).toMatchObject({ status: "up", error: null });
    for (const row of await waitForResults(txt.id, 2)) {
      expect(row).toMatchObject({ status: "down", error: expect.stringMatching(/actual: v=spf1 -all/) });
    }
    for (const row of await waitForResults(missing.id, 2)) {
      expect(row).toMatchObject({
        status: "down",
        error: "DNS: no such domain gone.example.test (NXDOMAIN)",
      });
    }
  });

  it("confirms a failure with a retry in the failing regions, sooner than the interval, then opens one incident", async () => {
    const monitor = await createMonitor(app, user.token, {
      url: `${target.url}/fail`,
      intervalSeconds: 600,
      retryIntervalSeconds: 5,
      confirmations: 2,
    });
    const incident = await waitFor(
      async () => {
        const res = await app.request("GET", `/api/incidents?monitorId=${monitor.id}`, { token: user.token });
        return res.body.items[0];
      },
      { timeoutMs: 15_000, message: "an incident" },
    );
    // Quorum 1: the first region to confirm opens it.
    expect(incident).toMatchObject({ state: "open", cause: { statusCode: 500 } });
    expect(["eu-west", "us-east"]).toEqual(expect.arrayContaining(incident.cause.regions));
    const rows = await waitFor(
      async () => {
        const { rows } = await handle.db.execute<{ region: string; at: number }>(sql`
          select region, (extract(epoch from scheduled_at) * 1000)::float8 as at from check_results
          where monitor_id = ${monitor.id} order by region, scheduled_at`);
        return rows.length >= 4 ? rows : undefined;
      },
      { message: "both regions' retries" },
    );
    // Per region: the first check, then the retry 5 s after it (not 600 s), and nothing else yet.
    for (const region of ["eu-west", "us-east"]) {
      const times = rows.filter((r) => r.region === region).map((r) => r.at);
      expect(times).toHaveLength(2);
      expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(5_000);
      expect((times[1] ?? 0) - (times[0] ?? 0)).toBeLessThan(6_000);
    }
    const shown = await app.request("GET", `/api/monitor/${monitor.id}`, { token: user.token });
    expect(shown.body.status).toBe("down");
  });
});
