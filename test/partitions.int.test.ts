import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../src/db/client.js";
import {
  applyRetention,
  defaultRollupRetention,
  ensurePartitions,
  listDayPartitions,
} from "../src/results/partition-maintenance.js";
import { insertResults } from "../src/results/result-repository.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { resultAt } from "./helpers/seed-results.js";
import { startTestApp, type TestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";

const DAY = 86_400_000;
let handle: DatabaseHandle;
let app: TestApp;
let token: string;

async function whereStored(monitorId: string): Promise<string[]> {
  const { rows } = await handle.db.execute<{ part: string }>(sql`
    select tableoid::regclass::text as part from check_results where monitor_id = ${monitorId} order by scheduled_at`);
  return rows.map((r) => r.part);
}

async function rollupCount(monitorId: string, bucketSeconds: number): Promise<number> {
  const { rows } = await handle.db.execute<{ n: number }>(sql`
    select count(*)::int as n from check_rollups where monitor_id = ${monitorId} and bucket_seconds = ${bucketSeconds}`);
  return rows[0]?.n ?? 0;
}

beforeAll(async () => {
  handle = await useTestDatabase();
  app = await startTestApp(handle);
  ({ token } = await signUp(app));
});

describe("check_results partitions and retention", () => {
  it("creates day partitions ahead and stores each result in its day, a far-off one in DEFAULT", async () => {
    const now = Date.now();
    await ensurePartitions(handle.db, now, 3);
    const days = await listDayPartitions(handle.db);
    for (let d = 0; d <= 3; d++) expect(days.has(Math.floor(now / DAY) * DAY + d * DAY)).toBe(true);
    expect(await ensurePartitions(handle.db, now, 3)).toEqual([]); // idempotent

    const monitor = await createMonitor(app, token);
    const today = new Date(now).toISOString().slice(0, 10).replaceAll("-", "");
    await insertResults(handle.db, [
      resultAt(monitor.id, new Date(now - 60_000)),
      resultAt(monitor.id, new Date(now - 400 * DAY)), // a very late result never fails its batch
    ]);
    expect(await whereStored(monitor.id)).toEqual(["check_results_default", `check_results_p${today}`]);
  });

  it("retention drops whole day partitions and old DEFAULT rows, and trims rollups per bucket size", async () => {
    const now = Date.now();
    const monitor = await createMonitor(app, token);
    const old = now - 100 * DAY;
    // A partition for a day 100 days ago, as the maintenance job would have made it then.
    await ensurePartitions(handle.db, old, 0);
    await insertResults(handle.db, [
      resultAt(monitor.id, new Date(old)),
      resultAt(monitor.id, new Date(now - 95 * DAY)), // no partition that day: DEFAULT
      resultAt(monitor.id, new Date(now - 8 * DAY)),
      resultAt(monitor.id, new Date(now - 60_000)),
    ]);
    const oldDay = new Date(old).toISOString().slice(0, 10).replaceAll("-", "");
    expect(await whereStored(monitor.id)).toContain(`check_results_p${oldDay}`);
    expect(await rollupCount(monitor.id, 60)).toBe(4);

    // Raw results kept 7 days here, rollups by the defaults.
    const dropped = await applyRetention(handle.db, now, { rawDays: 7, ...defaultRollupRetention });
    expect(dropped).toContain(`check_results_p${oldDay}`);
    const { rows } = await handle.db.execute<{ n: number }>(
      sql`select count(*)::int as n from check_results where monitor_id = ${monitor.id}`,
    );
    expect(rows[0]?.n).toBe(1); // only the minute-old one
    expect(await rollupCount(monitor.id, 60)).toBe(1); // minute rollups: 7 days
    expect(await rollupCount(monitor.id, 3_600)).toBe(2); // hour rollups: 90 days
    expect(await rollupCount(monitor.id, 86_400)).toBe(4); // day rollups: 2 years
    // Stats over 90 days still see the history the raw rows no longer hold.
    const stats = await app.request("GET", `/api/monitor/${monitor.id}/stats?window=90d`, { token });
    expect(stats.body.overall.checks).toBe(2); // 8 days and 1 minute old, from the day rollups
  });

  it("counts a redelivered result once in the rollups", async () => {
    const monitor = await createMonitor(app, token);
    const once = resultAt(monitor.id, new Date(Date.now() - 120_000), { responseTimeMs: 42 });
    await insertResults(handle.db, [once]);
    await insertResults(handle.db, [once, once]);
    const { rows } = await handle.db.execute<{ checks: number; rtSum: number }>(sql`
      select checks, rt_sum as "rtSum" from check_rollups where monitor_id = ${monitor.id} and bucket_seconds = 3600`);
    expect(rows).toEqual([{ checks: 1, rtSum: 42 }]);
  });
});
