import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { insertResults } from "../src/results/result-repository.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { result, seed } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const minute = 60_000;
const day = 86_400_000;

let app: TestApp;
let handle: DatabaseHandle;
let token: string;
let monitorId: string;

/** All pages of a listing, following nextCursor. */
async function allPages(path: string, limit: number): Promise<{ id: number; checkedAt: string }[]> {
  const items = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await app.request("GET", `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, {
      token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle, { REGIONS: "eu-west,us-east" });
  ({ token } = await signUp(app));
  monitorId = (await createMonitor(app, token)).id;
  // 30 results per region, one a minute; every fifth one down. Two share a checkedAt to test the id tie-break.
  const rows = [];
  for (let i = 0; i < 30; i++) {
    for (const region of ["eu-west", "us-east"]) {
      rows.push(
        result(monitorId, (i + 1) * minute, {
          region,
          status: i % 5 === 0 ? "down" : "up",
          statusCode: i % 5 === 0 ? 500 : 200,
          error: i % 5 === 0 ? "HTTP 500" : null,
          responseTimeMs: 100 + i,
        }),
      );
    }
  }
  await seed(handle, rows);
});

describe("results", () => {
  it("pages newest first without gaps or repeats, across equal timestamps", async () => {
    const items = await allPages(`/api/results/${monitorId}/checks`, 7);
    expect(items).toHaveLength(60);
    expect(new Set(items.map((r) => r.id)).size).toBe(60);
    for (let i = 1; i < items.length; i++) {
      const prev = items[i - 1];
      const cur = items[i];
      if (!prev || !cur) throw new Error("unreachable");
      expect(
        Date.parse(prev.checkedAt) > Date.parse(cur.checkedAt) ||
          (prev.checkedAt === cur.checkedAt && prev.id > cur.id),
      ).toBe(true);
    }
  });

  it("returns the documented result shape", async () => {
    const res = await app.request("GET", `/api/results/${monitorId}/checks?limit=1&status=down`, { token });
    expect(res.body.items[0]).toEqual({
      id: expect.any(Number),
      monitorId,
      region: expect.stringMatching(/^(eu-west|us-east)$/),
      status: "down",
      statusCode: 500,
      responseTimeMs: 100,
      error: "HTTP 500",
      timings: null,
      finalUrl: null,
      remoteAddress: null,
      certificate: null,
      failedAssertion: null,
      scheduledAt: expect.any(String),
      checkedAt: expect.any(String),
    });
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it("filters by region, status and time range together", async () => {
    const from = new Date(Date.now() - 15.5 * minute).toISOString();
    const to = new Date(Date.now() - 0.5 * minute).toISOString();
    const items = await allPages(
      `/api/results/${monitorId}/checks?region=us-east&status=down&from=${from}&to=${to}`,
      2,
    );
    // Down results are i = 0, 5, 10 within the last 15 minutes (i + 1 <= 15).
    expect(items).toHaveLength(3);
    for (const item of items as unknown as { region: string; status: string }[]) {
      expect(item).toMatchObject({ region: "us-east", status: "down" });
    }
  });

  it("returns the latest result of each region, and an empty list before any", async () => {
    const res = await app.request("GET", `/api/results/${monitorId}/latest`, { token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { region: string }) => r.region)).toEqual(["eu-west", "us-east"]);
    for (const item of res.body.items) expect(item.responseTimeMs).toBe(100);

    const empty = await createMonitor(app, token);
    const none = await app.request("GET", `/api/results/${empty.id}/latest`, { token });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [] });
  });

  it("stores a redelivered result once", async () => {
    const monitor = await createMonitor(app, token);
    const once = result(monitor.id, minute);
    expect(await insertResults(handle.db, [once, once])).toBe(1);
    expect(await insertResults(handle.db, [once])).toBe(0);
    const items = await allPages(`/api/results/${monitor.id}/checks`, 10);
    expect(items).toHaveLength(1);
  });

  it("cleans up results older than N days and only those", async () => {
    const monitor = await createMonitor(app, token);
    await seed(handle, [
      result(monitor.id, 100 * day),
      result(monitor.id, 91 * day),
      result(monitor.id, 89 * day),
      result(monitor.id, 3 * day),
      result(monitor.id, minute),
    ]);
    const byDefault = await app.request("DELETE", `/api/results/${monitor.id}/cleanup`, { token });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body).toEqual({ deleted: 2 });
    const byDays = await app.request("DELETE", `/api/results/${monitor.id}/cleanup?days=2`, { token });
    expect(byDays.body).toEqual({ deleted: 2 });
    expect(await allPages(`/api/results/${monitor.id}/checks`, 10)).toHaveLength(1);
    // The other monitor's history is untouched.
    expect(await allPages(`/api/results/${monitorId}/checks`, 100)).toHaveLength(60);
  });
});
