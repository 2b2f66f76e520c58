import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { histogramRelativeError } from "../src/stats/latency-histogram.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { result, seed } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const hour = 3_600_000;
const day = 24 * hour;

let app: TestApp;
let handle: DatabaseHandle;
let token: string;

/** The exact nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** Percentiles come from the rollups' histograms: within the documented relative error of the exact value. */
function expectNear(actual: number, exact: number) {
  expect(Math.abs(actual - exact), `${actual} vs exact ${exact}`).toBeLessThanOrEqual(
    exact * histogramRelativeError + 0.01,
  );
}

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
  ({ token } = await signUp(app));
});

describe("stats", () => {
  it("computes uptime and percentiles per region and overall, from the rollups the ingester wrote", async () => {
    const monitor = await createMonitor(app, token);
    // eu-west: 100 results in the last 24h, response times 1..100 ms, 10 of them down.
    // us-east: 20 results in the last 24h, all up at 500 ms; plus 5 down results 3 days ago.
    const rows = [];
    for (let i = 1; i <= 100; i++) {
      rows.push(
        result(monitor.id, i * 10 * 60_000, {
          region: "eu-west",
          responseTimeMs: i,
          status: i % 10 === 0 ? "down" : "up",
        }),
      );
    }
    for (let i = 1; i <= 20; i++)
      rows.push(result(monitor.id, i * hour, { region: "us-east", responseTimeMs: 500 }));
    for (let i = 1; i <= 5; i++) {
      rows.push(
        result(monitor.id, 3 * day + i * hour, {
          region: "us-east",
          status: "down",
          responseTimeMs: null,
          statusCode: null,
          error: "timeout",
        }),
      );
    }
    // Missed checks are the platform's failure: counted apart, never in checks, uptime or response times.
    for (let i = 1; i <= 3; i++) {
      const missed = { region: "us-east", status: "missed", responseTimeMs: null, statusCode: null } as const;
      rows.push(result(monitor.id, i * hour + 30_000, { ...missed, error: "deadline passed" }));
    }
    await seed(handle, rows);

    const res = await app.request("GET", `/api/monitor/${monitor.id}/stats?window=24h`, { token });
    expect(res.status).toBe(200);
    expect(res.body.window).toBe("24h");
    const eu = res.body.regions.find((r: { region: string }) => r.region === "eu-west");
    const us = res.body.regions.find((r: { region: string }) => r.region === "us-east");
    expect(eu).toMatchObject({ checks: 100, up: 90, down: 10, uptime: 0.9, avgResponseTimeMs: 50.5 });
    expectNear(eu.p50ResponseTimeMs, 50);
    expectNear(eu.p95ResponseTimeMs, 95);
    expectNear(eu.p99ResponseTimeMs, 99);
    expect(us).toMatchObject({ checks: 20, missed: 3, up: 20, down: 0, uptime: 1, p95ResponseTimeMs: 500 });

    const all = [...Array.from({ length: 100 }, (_, i) => i + 1), ...Array(20).fill(500)].sort(
      (a, b) => a - b,
    );
    expect(res.body.overall).toMatchObject({ checks: 120, up: 110, down: 10 });
    expect(res.body.overall.uptime).toBeCloseTo(110 / 120, 10);
    expectNear(res.body.overall.p95ResponseTimeMs, percentile(all, 0.95));
    expectNear(res.body.overall.p50ResponseTimeMs, percentile(all, 0.5));

    const week = await app.request("GET", `/api/monitor/${monitor.id}/stats?window=7d`, { token });
    expect(week.body.overall).toMatchObject({ checks: 125, up: 110, down: 15 });
    const usWeek = week.body.regions.find((r: { region: string }) => r.region === "us-east");
    expect(usWeek).toMatchObject({ checks: 25, uptime: 0.8, p50ResponseTimeMs: 500 });
  });

  it("keeps every window's percentiles within the stated error bound of the exact ones (2,000 varied results)", async () => {
    const monitor = await createMonitor(app, token);
    // A long-tailed spread, 5 ms to ~20 s, deterministic: most fast, some slow, a few very slow.
    const times = Array.from({ length: 2_000 }, (_, i) =>
      Math.round(5 * Math.exp(((i * 7919) % 2_000) / 240)),
    );
    const rows = times.map((ms, i) =>
      result(monitor.id, 60_000 + i * 40_000, { region: i % 2 ? "eu-west" : "us-east", responseTimeMs: ms }),
    );
    await seed(handle, rows);
    for (const window of ["24h", "7d", "30d", "90d"]) {
      const res = await app.request("GET", `/api/monitor/${monitor.id}/stats?window=${window}`, { token });
      const inWindow = window === "24h" ? times.filter((_, i) => 60_000 + i * 40_000 < day) : times;
      const sorted = [...inWindow].sort((a, b) => a - b);
      expect(res.body.overall.checks, window).toBe(sorted.length);
      expectNear(res.body.overall.p50ResponseTimeMs, percentile(sorted, 0.5));
      expectNear(res.body.overall.p95ResponseTimeMs, percentile(sorted, 0.95));
      expectNear(res.body.overall.p99ResponseTimeMs, percentile(sorted, 0.99));
    }
  });

  it("defaults to 24h and reports no data as null uptime, not 0 or 1", async () => {
    const monitor = await createMonitor(app, token);
    const res = await app.request("GET", `/api/monitor/${monitor.id}/stats`, { token });
    expect(res.status).toBe(200);
    expect(res.body.window).toBe("24h");
    expect(res.body.overall).toEqual({
      uptime: null,
      checks: 0,
      missed: 0,
      up: 0,
      degraded: 0,
      down: 0,
      avgResponseTimeMs: null,
      p50ResponseTimeMs: null,
      p95ResponseTimeMs: null,
      p99ResponseTimeMs: null,
    });
    expect(res.body.regions).toEqual([]);
  });
});
