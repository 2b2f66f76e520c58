import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { insertResults, type NewResult } from "../src/results/result-repository.js";
import { exactStats, expectNear, withinOnePeriod } from "./helpers/exact-stats.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { result, resultAt, seed } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

let app: TestApp;
let handle: DatabaseHandle;

type ListItem = {
  id: string;
  uptime24h: number | null;
  p95ResponseTimeMs24h: number | null;
  sparkline24h: (number | null)[];
};

const down = { status: "down", responseTimeMs: null, statusCode: 503, error: "HTTP 503" } as const;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
});

describe("GET /api/dashboard/summary", () => {
  it("counts the caller's monitors by status and incidents, with uptime and p95 over all their monitors", async () => {
    const { body, last24h } = await withinOnePeriod(day, async () => {
      const { token } = await signUp(app);
      const monitor = (overrides: Record<string, unknown> = {}) =>
        createMonitor(app, token, { regions: ["eu-west"], confirmations: 1, recoveries: 1, ...overrides });
      const [up, failing, slow, paused, , inMaintenance, recovered, longDown] = await Promise.all([
        monitor(),
        monitor(),
        monitor(),
        monitor({ paused: true }),
        monitor(), // pending: no results yet
        monitor(),
        monitor(),
        monitor(),
      ]);
      const last24h: NewResult[] = [
        ...Array.from({ length: 10 }, (_, i) =>
          result(up.id, (i + 2) * hour, { responseTimeMs: 100 + i * 10 }),
        ),
        result(failing.id, minute, down),
        result(slow.id, 2 * minute, { status: "degraded", responseTimeMs: 2_000 }),
        result(paused.id, 5 * hour, { responseTimeMs: 80 }),
      ];
      await seed(handle, last24h);
      // Opened and resolved today: counts in today, not in open.
      const failed = result(recovered.id, 3 * minute, down);
      const passed = result(recovered.id, 2 * minute, { responseTimeMs: 150 });
      await seed(handle, [failed]);
      await seed(handle, [passed]);
      last24h.push(failed, passed);
      // Opened three days ago and still open: counts in open, not in today; its result is outside the 24 hours.
      const threeDaysAgo = Date.now() - 3 * day;
      await insertResults(handle.db, [resultAt(longDown.id, new Date(threeDaysAgo), down)], threeDaysAgo);
      const window = { startsAt: new Date(Date.now() - hour), endsAt: new Date(Date.now() + hour) };
      const created = await app.request("POST", "/api/maintenance-windows", {
        token,
        body: { name: "Upgrade", monitorIds: [inMaintenance.id], kind: "once", ...window },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);

      // Another user's monitors, results and incidents are none of the caller's business.
      const other = await signUp(app);
      const theirs = await createMonitor(app, other.token, { regions: ["eu-west"], confirmations: 1 });
      await seed(handle, [
        result(theirs.id, minute, down),
        result(theirs.id, 2 * minute, { responseTimeMs: 9_000 }),
      ]);

      const res = await app.request("GET", "/api/dashboard/summary", { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { body: res.body, last24h };
    });

    expect(body.monitors).toEqual({
      total: 8,
      up: 2, // up and recovered; paused counts as paused whatever its results say
      down: 2,
      degraded: 1,
      paused: 1,
      pending: 1,
      maintenance: 1,
    });
    expect(body.incidents).toEqual({ open: 2, today: 2 });
    const exact = exactStats(last24h);
    expect(body.uptime24h).toBeCloseTo(exact.uptime ?? Number.NaN, 10);
    expectNear(body.p95ResponseTimeMs24h, exact.p95Ms, "p95");
  });

  it("reports zeros and nulls for a user without monitors", async () => {
    const { token } = await signUp(app);
    const res = await app.request("GET", "/api/dashboard/summary", { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      monitors: { total: 0, up: 0, down: 0, degraded: 0, paused: 0, pending: 0, maintenance: 0 },
      uptime24h: null,
      incidents: { open: 0, today: 0 },
      p95ResponseTimeMs24h: null,
    });
  });
});

describe("GET /api/monitor list stats", () => {
  it("adds each monitor's uptime, p95 and hourly sparkline of the last 24 hours, page by page", async () => {
    const { pages, single, rows } = await withinOnePeriod(hour, async (thisHour) => {
      const { token } = await signUp(app);
      const busy = await createMonitor(app, token);
      const idle = await createMonitor(app, token);
      const at = (hoursAgo: number, minutes: number, overrides: Partial<NewResult>) =>
        resultAt(busy.id, new Date(thisHour - hoursAgo * hour + minutes * minute), overrides);
      const rows = [
        // Two hours back (index 21): three answers in eu-west and a timeout in us-east.
        at(2, 10, { responseTimeMs: 100 }),
        at(2, 20, { responseTimeMs: 200 }),
        at(2, 30, { responseTimeMs: 300 }),
        at(2, 40, { ...down, region: "us-east" }),
        // Thirteen hours back (index 10): two fast answers in us-east.
        at(13, 5, { region: "us-east", responseTimeMs: 50 }),
        at(13, 6, { region: "us-east", responseTimeMs: 70 }),
      ];
      // 25 hours back: outside the 24 hour buckets, so it changes nothing.
      await seed(handle, [...rows, at(25, 0, { ...down, region: "us-east" })]);
      const first = await app.request("GET", "/api/monitor?limit=1", { token });
      const second = await app.request("GET", `/api/monitor?limit=1&cursor=${first.body.nextCursor}`, {
        token,
      });
      const single = await app.request("GET", `/api/monitor/${busy.id}`, { token });
      const items: ListItem[] = [...first.body.items, ...second.body.items];
      const byId = new Map(items.map((m) => [m.id, m] as const));
      return { pages: { busy: byId.get(busy.id), idle: byId.get(idle.id) }, single: single.body, rows };
    });

    const sparkline = Array<number | null>(24).fill(null);
    sparkline[10] = 60;
    sparkline[21] = 200;
    expect(pages.busy).toMatchObject({ uptime24h: expect.closeTo(5 / 6, 10), sparkline24h: sparkline });
    expectNear(pages.busy?.p95ResponseTimeMs24h ?? null, exactStats(rows).p95Ms, "p95");

    expect(pages.idle).toMatchObject({
      uptime24h: null,
      p95ResponseTimeMs24h: null,
      sparkline24h: Array(24).fill(null),
    });
    // One monitor by id stays as it was: the list alone carries the figures.
    expect(single).not.toHaveProperty("sparkline24h");
    expect(single).not.toHaveProperty("uptime24h");
  });
});
