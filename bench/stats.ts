/**
 * Stats API latency over a large history. Run with `npm run bench:stats`.
 *
 * Seeds one user with BENCH_MONITORS monitors (2,000; 200 on PGlite) checked every minute from 3 regions:
 * BENCH_DAYS (90) of hour and day rollups, and minute rollups plus raw results for the last BENCH_RAW_HOURS (24).
 * Then measures p50/p99 of the dashboard's reads over BENCH_REQUESTS (30) requests each, through HTTP on
 * 127.0.0.1. BENCH_BACKEND=postgres (default) or pglite.
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { hourStartOf, refreshRecentStats, SETTLE_MS } from "../src/stats/recent-stats.js";
import { startBenchApi } from "./lib/bench-api.js";
import { benchDatabaseUrl, envChoice, envInt } from "./lib/env.js";
import { formatNumber, formatTable, percentile, printSettings } from "./lib/report.js";
import { createScratchDatabase, runBench } from "./lib/scratch.js";
import { seedStatsHistory, storageFigures } from "./lib/stats-seed.js";

const backend = envChoice("BENCH_BACKEND", ["postgres", "pglite"] as const, "postgres");
const monitors = envInt("BENCH_MONITORS", backend === "pglite" ? 200 : 2_000);
const days = envInt("BENCH_DAYS", 90);
const rawHours = envInt("BENCH_RAW_HOURS", 24);
const requests = envInt("BENCH_REQUESTS", 30);

await runBench("bench:stats", 3_600, async (cleanup) => {
  printSettings(`Stats benchmark (${backend})`, {
    BENCH_BACKEND: backend,
    BENCH_MONITORS: monitors,
    BENCH_DAYS: days,
    BENCH_RAW_HOURS: rawHours,
    BENCH_REQUESTS: requests,
  });
  const handle =
    backend === "postgres"
      ? (await createScratchDatabase(benchDatabaseUrl, cleanup)).handle
      : await openDatabase({ memory: true });
  if (backend === "pglite") {
    await migrateDatabase(handle);
    cleanup.add("close pglite", () => handle.close());
  }
  const { call, signUp } = await startBenchApi(handle, cleanup);
  const { token, userId } = await signUp("stats@example.com");
  await seedStatsHistory(
    handle.db,
    userId,
    { monitors, days, rawHours, regions: ["eu", "us", "ap"] },
    (line) => console.log(`seeded ${line}`),
  );
  if (backend === "postgres") {
    // What autovacuum would long have done on a live database; left to it, it runs during the measurements.
    const started = Date.now();
    await handle.db.execute(sql`vacuum (analyze) check_rollups, check_results, monitors`);
    console.log(`vacuumed in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const storage = backend === "postgres" ? await storageFigures(handle.db) : undefined;

  const firstPage = (await call("/api/monitor?limit=100", token)) as { items: { id: string }[] };
  const monitorId = firstPage.items[0]?.id ?? "";
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const allPages = async () => {
    let cursor: string | null = null;
    let seen = 0;
    do {
      const page = (await call(`/api/monitor?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, token)) as {
        items: unknown[];
        nextCursor: string | null;
      };
      seen += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    if (seen !== monitors) throw new Error(`listed ${seen} monitors, expected ${monitors}`);
  };
  const cases: [string, () => Promise<unknown>][] = [
    ["GET /api/monitor (first page of 100)", () => call("/api/monitor?limit=100", token)],
    ["GET /api/monitor (one page of 1,000)", () => call("/api/monitor?limit=1000", token)],
    [`GET /api/monitor (all ${monitors}, pages of 1,000)`, allPages],
    ["GET /stats?window=90d", () => call(`/api/monitor/${monitorId}/stats?window=90d`, token)],
    ["GET /stats?window=24h", () => call(`/api/monitor/${monitorId}/stats?window=24h`, token)],
    ["GET /uptime-bars?days=90", () => call(`/api/monitor/${monitorId}/uptime-bars?days=90`, token)],
    [
      "GET /timeline (7 days)",
      () => call(`/api/monitor/${monitorId}/timeline?from=${weekAgo}&step=1h`, token),
    ],
    ["GET /api/dashboard/summary", () => call("/api/dashboard/summary", token)],
  ];
  const rows: string[][] = [];
  for (const [name, run] of cases) {
    await run(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    rows.push([name, formatNumber(percentile(samples, 50), 1), formatNumber(percentile(samples, 99), 1)]);
  }
  // The list's settled hours are stored per monitor and hour (stats/recent-stats.ts). Until the refresher has moved
  // them to a new hour, the first requests compute them: the cost of that path, and of the refresher itself.
  const coldSamples = Math.min(requests, 5);
  const dropSettled = () => handle.db.execute(sql`delete from monitor_recent_stats`);
  const cold: [string, () => Promise<unknown>][] = [
    [
      "GET /api/monitor (first page of 100), settled rows missing",
      () => call("/api/monitor?limit=100", token),
    ],
    [`GET /api/monitor (all ${monitors}), settled rows missing`, allPages],
  ];
  for (const [name, run] of cold) {
    const samples: number[] = [];
    for (let i = 0; i < coldSamples; i++) {
      await dropSettled();
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    rows.push([name, formatNumber(percentile(samples, 50), 1), formatNumber(percentile(samples, 99), 1)]);
  }
  await dropSettled();
  const refreshStarted = performance.now();
  const refreshed = await refreshRecentStats(handle.db, new Date(hourStartOf(new Date()) + SETTLE_MS));
  const refreshMs = performance.now() - refreshStarted;
  console.log(`\n${formatTable(["request", "p50 ms", "p99 ms"], rows)}`);
  console.log(
    `\nlist stats refresher: ${formatNumber(refreshed)} monitors' settled hours in ${formatNumber(refreshMs, 0)} ms ` +
      `(${formatNumber(coldSamples)} samples per cold request above)`,
  );
  if (storage) {
    console.log(
      `\nraw results: ${formatNumber(storage.rawRows)} rows, ${formatNumber(storage.raw / 2 ** 20)} MiB, ` +
        `${formatNumber(storage.raw / Math.max(1, storage.rawRows))} bytes per check (table + indexes); ` +
        `rollups: ${formatNumber(storage.rollupRows)} rows, ${formatNumber(storage.rollups / 2 ** 20)} MiB, ` +
        `${formatNumber(storage.rollups / Math.max(1, storage.rollupRows))} bytes per rollup row`,
    );
  }
});
