import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import type { NewResult } from "../src/results/result-repository.js";
import { type ExactStats, exactStats, expectStats, withinOnePeriod } from "./helpers/exact-stats.js";
import { createMonitor, signUp, type TestUser } from "./helpers/factories.js";
import { result, resultAt, seed } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const iso = (ms: number) => new Date(ms).toISOString();

let app: TestApp;
let handle: DatabaseHandle;
let user: TestUser;

type Point = ExactStats & { t: string };

const timeline = (id: string, query: string) =>
  app.request("GET", `/api/monitor/${id}/timeline${query}`, { token: user.token });

/** The points the API should give for these results: one per step with checks, from the raw values. */
function expectedPoints(results: NewResult[], stepMs: number): Point[] {
  const steps = new Map<number, NewResult[]>();
  for (const r of results) {
    const t = Math.floor(r.scheduledAt.getTime() / stepMs) * stepMs;
    steps.set(t, [...(steps.get(t) ?? []), r]);
  }
  return [...steps]
    .sort(([a], [b]) => a - b)
    .map(([t, rs]) => ({ t: iso(t), ...exactStats(rs) }))
    .filter((p) => p.checks > 0);
}

function expectSeries(actual: Point[], results: NewResult[], stepMs: number, label: string) {
  const expected = expectedPoints(results, stepMs);
  expect(
    actual.map((p) => p.t),
    label,
  ).toEqual(expected.map((p) => p.t));
  for (const [i, p] of expected.entries()) expectStats(actual[i] as Point, p, `${label} ${p.t}`);
}

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
  user = await signUp(app);
});

describe("GET /api/monitor/:id/timeline", () => {
  it("gives each region's series and the overall one, grouped into any step, from the rollups", async () => {
    const monitor = await createMonitor(app, user.token);
    const anchor = Math.floor(Date.now() / day) * day - 2 * day; // a UTC midnight two days ago
    const rows: NewResult[] = [];
    // eu-west: one check a minute for three hours, varied times, some down (timeouts) and some degraded.
    for (let i = 0; i < 180; i++) {
      const status = i % 25 === 0 ? "down" : i % 25 === 12 ? "degraded" : "up";
      const responseTimeMs = status === "down" ? null : 20 + ((i * 37) % 200);
      rows.push(resultAt(monitor.id, new Date(anchor + i * minute + 5_000), { status, responseTimeMs }));
    }
    // us-east: every two minutes for three hours, slower; then only missed checks at hour 5, which make no point.
    for (let i = 0; i < 90; i++) {
      const at = new Date(anchor + i * 2 * minute + 7_000);
      rows.push(resultAt(monitor.id, at, { region: "us-east", responseTimeMs: 300 + (i % 7) * 50 }));
    }
    for (let i = 0; i < 3; i++) {
      const at = new Date(anchor + 5 * hour + i * minute);
      const missed = { region: "us-east", status: "missed", responseTimeMs: null, statusCode: null } as const;
      rows.push(resultAt(monitor.id, at, { ...missed, error: "deadline passed" }));
    }
    await seed(handle, rows);

    const range = `from=${iso(anchor)}&to=${iso(anchor + 6 * hour)}`;
    for (const [step, stepMs] of [
      ["1m", minute],
      ["5m", 5 * minute],
      ["15m", 15 * minute],
      ["1h", hour],
      ["6h", 6 * hour],
      ["1d", day],
    ] as const) {
      const res = await timeline(monitor.id, `?${range}&step=${step}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        monitorId: monitor.id,
        step,
        from: iso(anchor),
        to: iso(anchor + 6 * hour),
      });
      expect(res.body.regions.map((r: { region: string }) => r.region)).toEqual(["eu-west", "us-east"]);
      for (const region of res.body.regions) {
        const own = rows.filter((r) => r.region === region.region);
        expectSeries(region.points, own, stepMs, `${step} ${region.region}`);
      }
      expectSeries(res.body.overall.points, rows, stepMs, `${step} overall`);
    }

    const hourly = await timeline(monitor.id, `?${range}&step=1h`);
    expect(hourly.body.overall.points).toHaveLength(3); // hours 0-2; hour 5 had only missed checks
    expect(hourly.body.overall.points[0]).toMatchObject({ t: iso(anchor), checks: 90, down: 3, degraded: 2 });
  });

  it("defaults to the last 24 hours, with a step giving at most ~300 points", async () => {
    const monitor = await createMonitor(app, user.token);
    await seed(handle, [result(monitor.id, 10 * minute, { responseTimeMs: 42 })]);
    const res = await timeline(monitor.id, "");
    expect(res.status).toBe(200);
    expect(res.body.step).toBe("5m");
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(day);
    expect(res.body.overall.points).toEqual([
      expect.objectContaining({ checks: 1, up: 1, uptime: 1, avgMs: 42, p50Ms: 42, p99Ms: 42 }),
    ]);
    for (const [days, step] of [
      [7, "1h"],
      [30, "6h"],
      [90, "1d"],
      [400, "1d"],
    ] as const) {
      const from = iso(Date.now() - days * day + minute);
      const ranged = await timeline(monitor.id, `?from=${from}`);
      expect(ranged.status, JSON.stringify(ranged.body)).toBe(200);
      expect(ranged.body.step, `${days} days`).toBe(step);
    }
  });

  it("answers an empty series for a monitor without data", async () => {
    const monitor = await createMonitor(app, user.token);
    const res = await timeline(monitor.id, "?step=1h");
    expect(res.status).toBe(200);
    expect(res.body.regions).toEqual([]);
    expect(res.body.overall.points).toEqual([]);
  });

  it("refuses bad ranges and steps with 400, and other users' monitors with 404", async () => {
    const monitor = await createMonitor(app, user.token);
    const now = Date.now();
    const cases: [string, RegExp][] = [
      ["?step=2m", /step must be one of 1m, 5m, 15m, 1h, 6h, 1d/],
      [`?from=${iso(now - hour)}&to=${iso(now - hour)}`, /to must be after from/],
      [`?from=${iso(now)}&to=${iso(now - hour)}`, /to must be after from/],
      ["?from=yesterday", /from must be an ISO 8601 date-time/],
      [`?from=${iso(now - 401 * day)}&to=${iso(now)}`, /at most 400 days apart/],
      [`?from=${iso(now - 7 * day)}&to=${iso(now)}&step=1m`, /at most 2000/],
      ["?window=24h", /window/],
    ];
    for (const [query, message] of cases) {
      const res = await timeline(monitor.id, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe("validation_error");
      expect(res.body.error.message, query).toMatch(message);
    }
    const other = await signUp(app);
    const theirs = await createMonitor(app, other.token);
    const res = await timeline(theirs.id, "");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});

describe("GET /api/monitor/:id/uptime-bars", () => {
  const bars = (id: string, query = "") =>
    app.request("GET", `/api/monitor/${id}/uptime-bars${query}`, { token: user.token });

  it("gives exactly one bar per UTC day, oldest first, with the status-page rule", async () => {
    const body = await withinOnePeriod(day, async (today) => {
      const monitor = await createMonitor(app, user.token);
      const on = (daysAgo: number, n: number, overrides: Partial<NewResult> = {}, region = "eu-west") =>
        resultAt(monitor.id, new Date(today - daysAgo * day + n * 5 * minute + 30_000), {
          region,
          ...overrides,
        });
      const rows: NewResult[] = [];
      // 1 day ago: 1 down in 100 (1%): down. 2 days ago: 1 in 200: degraded. 3 days ago: one slow check: degraded.
      for (let n = 0; n < 100; n++) rows.push(on(1, n, n === 7 ? { status: "down" } : {}));
      for (let n = 0; n < 200; n++) rows.push(on(2, n, n === 7 ? { status: "down" } : {}));
      for (let n = 0; n < 10; n++) rows.push(on(3, n, n === 3 ? { status: "degraded" } : {}));
      // 4 days ago: all up, in two regions (summed). 5 days ago: only missed checks, which are no data.
      for (let n = 0; n < 10; n++) rows.push(on(4, n, {}, n % 2 ? "eu-west" : "us-east"));
      for (let n = 0; n < 3; n++) rows.push(on(5, n, { status: "missed", responseTimeMs: null }));
      await seed(handle, rows);
      const res = await bars(monitor.id, "?days=7");
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { ...res.body, today };
    });
    const dates = Array.from({ length: 7 }, (_, i) => iso(body.today - (6 - i) * day).slice(0, 10));
    expect(body.bars.map((b: { date: string }) => b.date)).toEqual(dates);
    expect(body.bars.map((b: { status: string }) => b.status)).toEqual([
      "no-data",
      "no-data",
      "up",
      "degraded",
      "degraded",
      "down",
      "no-data",
    ]);
    expect(body.bars[2]).toMatchObject({ checks: 10, up: 10, degraded: 0, down: 0, uptime: 1 });
    expect(body.bars[3]).toMatchObject({ checks: 10, up: 9, degraded: 1, down: 0, uptime: 1 });
    expect(body.bars[4]).toMatchObject({ checks: 200, down: 1, uptime: 0.995 });
    expect(body.bars[5]).toMatchObject({ checks: 100, down: 1, uptime: 0.99 });
    expect(body.bars[1]).toMatchObject({ checks: 0, up: 0, degraded: 0, down: 0, uptime: null });
    expect(body.uptime).toBeCloseTo(318 / 320, 10);
  });

  it("defaults to 90 days and accepts 1 to 365", async () => {
    const monitor = await createMonitor(app, user.token);
    const res = await bars(monitor.id);
    expect(res.status).toBe(200);
    expect(res.body.bars).toHaveLength(90);
    expect(res.body.uptime).toBeNull();
    expect(new Set(res.body.bars.map((b: { status: string }) => b.status))).toEqual(new Set(["no-data"]));
    expect((await bars(monitor.id, "?days=365")).body.bars).toHaveLength(365);
    expect((await bars(monitor.id, "?days=1")).body.bars).toHaveLength(1);
    for (const days of ["0", "366", "1.5", "ninety"]) {
      const bad = await bars(monitor.id, `?days=${days}`);
      expect(bad.status, days).toBe(400);
      expect(bad.body.error.code).toBe("validation_error");
    }
  });

  it("never reads a rollup older than it is kept: old ranges get a coarser default step, or a 400 for a fine one", async () => {
    const monitor = await createMonitor(app, user.token);
    const from = iso(Date.now() - 30 * day);
    const to = iso(Date.now() - 29 * day);
    const defaulted = await timeline(monitor.id, `?from=${from}&to=${to}`);
    expect(defaulted.status).toBe(200);
    expect(defaulted.body.step).toBe("1h"); // a day's range would default to 5m, but minute rollups keep 7 days
    const fine = await timeline(monitor.id, `?from=${from}&to=${to}&step=5m`);
    expect(fine.status).toBe(400);
    expect(fine.body.error.message).toMatch(/step 5m reads rollups kept 7 days/);
  });
});
