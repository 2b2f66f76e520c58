import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import { monitorListStats } from "../src/monitors/monitor-list-stats.js";
import { hourStartOf, refreshRecentStats, SETTLE_MS } from "../src/stats/recent-stats.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { resultAt, seed } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const minute = 60_000;
const hour = 60 * minute;

let app: TestApp;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
});

const sparklineWith = (points: Record<number, number>) => {
  const line = Array<number | null>(24).fill(null);
  for (const [i, ms] of Object.entries(points)) line[Number(i)] = ms;
  return line;
};

// The list's settled hours (monitor_recent_stats) are computed once per monitor and hour; these tests move an
// injected clock over an hour boundary to show what is cached, what is live and when late results catch up.
describe("list stats: settled hours and the current hour", () => {
  it("adds the current hour live, keeps settled hours until the refresher redoes rows computed too early", async () => {
    const { token } = await signUp(app);
    const monitor = await createMonitor(app, token);
    // An hour boundary H two hours back, so every result below is in the past whatever the real clock says.
    const H = hourStartOf(new Date()) - 2 * hour;
    const at = (ms: number, responseTimeMs: number) =>
      resultAt(monitor.id, new Date(H + ms), { responseTimeMs });
    await seed(handle, [at(-2 * hour + 10 * minute, 100), at(30_000, 300)]);

    const early = new Date(H + minute);
    const first = (await monitorListStats(handle.db, [monitor.id], early))(monitor.id);
    expect(first.sparkline24h).toEqual(sparklineWith({ 21: 100, 23: 300 }));
    expect(first.uptime24h).toBe(1);

    // The current hour is read live; a result 40 s late for the hour that just ended is not in the settled row yet.
    await seed(handle, [at(40_000, 500), at(-20 * minute, 200)]);
    const cached = (await monitorListStats(handle.db, [monitor.id], early))(monitor.id);
    expect(cached.sparkline24h).toEqual(sparklineWith({ 21: 100, 23: 400 }));

    // Before the hour has settled the refresher only fills in missing rows (a monitor created meanwhile); after, it
    // also redoes the ones computed too early.
    const created = await createMonitor(app, token);
    expect(await refreshRecentStats(handle.db, new Date(H + SETTLE_MS - 1))).toBe(1);
    expect(await refreshRecentStats(handle.db, new Date(H + SETTLE_MS - 1))).toBe(0);
    const { rows } = await handle.db.execute<{ id: string }>(
      sql`select monitor_id as id from monitor_recent_stats where through_hour = ${new Date(H).toISOString()}::timestamptz`,
    );
    expect(rows.map((r) => r.id).sort()).toEqual([monitor.id, created.id].sort());
    expect(await refreshRecentStats(handle.db, new Date(H + SETTLE_MS))).toBe(2);
    expect(await refreshRecentStats(handle.db, new Date(H + SETTLE_MS + minute))).toBe(0);
    const settled = (await monitorListStats(handle.db, [monitor.id], new Date(H + 5 * minute)))(monitor.id);
    expect(settled.sparkline24h).toEqual(sparklineWith({ 21: 100, 22: 200, 23: 400 }));

    // The next hour: everything moves one bucket back, and the new current hour is empty.
    const next = new Date(H + hour + SETTLE_MS);
    expect(await refreshRecentStats(handle.db, next)).toBeGreaterThanOrEqual(1);
    const later = (await monitorListStats(handle.db, [monitor.id], next))(monitor.id);
    expect(later.sparkline24h).toEqual(sparklineWith({ 20: 100, 21: 200, 22: 400 }));
  });

  it("gives the same figures from stored settled rows as computed afresh", async () => {
    const { token } = await signUp(app);
    const monitors = await Promise.all([createMonitor(app, token), createMonitor(app, token)]);
    const H = hourStartOf(new Date()) - hour;
    const rows = monitors.flatMap((m, k) =>
      Array.from({ length: 40 }, (_, i) =>
        resultAt(m.id, new Date(H - (i % 23) * hour + (i + 1) * 1_000), {
          region: i % 3 === 0 ? "us-east" : "eu-west",
          responseTimeMs: 20 + ((i * 37 + k * 11) % 400),
          ...(i % 9 === 0 ? { status: "down", responseTimeMs: null, error: "HTTP 503" } : {}),
        }),
      ),
    );
    await seed(handle, rows);
    const ids = monitors.map((m) => m.id);
    const now = new Date(H + 10 * minute);
    const fresh = await monitorListStats(handle.db, ids, now);
    const fromStored = await monitorListStats(handle.db, ids, now);
    await handle.db.execute(sql`delete from monitor_recent_stats`);
    const recomputed = await monitorListStats(handle.db, ids, now);
    for (const id of ids) {
      expect(fresh(id).p95ResponseTimeMs24h).not.toBeNull();
      expect(fromStored(id)).toEqual(fresh(id));
      expect(recomputed(id)).toEqual(fresh(id));
    }
  });
});
