/**
 * Dashboard and status page speed. Run with `npm run bench:web`.
 *
 * Builds the dashboard, seeds one user with BENCH_MONITORS monitors (2,000) and BENCH_DAYS (2) of hourly history
 * on a scratch PostgreSQL database, serves it with the real API on 127.0.0.1, and measures in headless Chromium
 * (cold cache each run, BENCH_RUNS runs, median): first contentful paint, the first monitor row of the virtualized
 * list, and the whole list loaded; the same for a status page of 100 monitors, plus its server time cold and
 * cached. Prints the dashboard's JS size after gzip: the initial load and every chunk.
 */
import { chromium } from "playwright-core";
import { startBenchApi } from "./lib/bench-api.js";
import { benchDatabaseUrl, envInt } from "./lib/env.js";
import { formatNumber, formatTable, percentile, printSettings } from "./lib/report.js";
import { createScratchDatabase, runBench } from "./lib/scratch.js";
import { seedStatsHistory } from "./lib/stats-seed.js";
import { buildDashboard, bundleSizes, type PaintTimes, paintTimes, scrollFrames } from "./lib/web-measure.js";

const monitors = envInt("BENCH_MONITORS", 2_000);
const days = envInt("BENCH_DAYS", 2);
const runs = envInt("BENCH_RUNS", 5);
const pageMonitors = Math.min(100, monitors);

const kb = (bytes: number) => `${formatNumber(bytes / 1024, 1)} kB`;
const ms = (value: number) => formatNumber(value, 0);

await runBench("bench:web", 1_800, async (cleanup) => {
  printSettings("Dashboard benchmark", { BENCH_MONITORS: monitors, BENCH_DAYS: days, BENCH_RUNS: runs });
  const buildStarted = performance.now();
  await buildDashboard();
  console.log(`built the dashboard in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);
  const sizes = await bundleSizes();

  const { handle } = await createScratchDatabase(benchDatabaseUrl, cleanup);
  const { base, call, signUp } = await startBenchApi(handle, cleanup);
  const { token, userId } = await signUp("web@example.com");
  await seedStatsHistory(
    handle.db,
    userId,
    { monitors, days, rawHours: 1, regions: ["eu", "us", "ap"] },
    (line) => console.log(`seeded ${line}`),
  );
  const ids: string[] = [];
  for (let cursor: string | null = null; ids.length < pageMonitors; ) {
    const res = await fetch(`${base}/api/monitor?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((m) => m.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const half = Math.ceil(pageMonitors / 2);
  await call("/api/status-pages", token, {
    slug: "bench",
    title: "Bench status",
    historyDays: 90,
    sections: [
      { name: "API", monitorIds: ids.slice(0, half) },
      { name: "Web", monitorIds: ids.slice(half, pageMonitors) },
    ],
  });

  // Server time of the status page: the first render, then the cached one (5 s cache).
  const timeGet = async (path: string) => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`);
    await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return performance.now() - started;
  };
  const statusCold = await timeGet("/status/bench");
  const statusWarm: number[] = [];
  for (let i = 0; i < 20; i++) statusWarm.push(await timeGet("/status/bench"));

  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  cleanup.add("close chromium", () => browser.close());
  const measure = async (signedIn: boolean, url: string, meaningful: string, complete: string) => {
    const samples: PaintTimes[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      if (signedIn) await context.addCookies([{ name: "vigil_session", value: token, url: base }]);
      samples.push(await paintTimes(context, url, meaningful, complete));
      await context.close();
    }
    const median = (key: keyof PaintTimes) =>
      percentile(
        samples.map((s) => s[key]),
        50,
      );
    return [ms(median("fcpMs")), ms(median("meaningfulMs")), ms(median("completeMs"))];
  };
  // The list says so once every page is in (monitor-list-page.tsx).
  const listDone = '.list-meta[data-complete="true"]';
  const dashboard = await measure(true, `${base}/`, "a[data-monitor-id]", listDone);
  const statusPage = await measure(false, `${base}/status/bench`, "h1", "footer");

  const scrollContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await scrollContext.addCookies([{ name: "vigil_session", value: token, url: base }]);
  const frames = await scrollFrames(scrollContext, `${base}/`, listDone);
  await scrollContext.close();

  console.log(
    `\n${formatTable(
      ["page (median of runs, cold cache)", "first paint ms", "meaningful ms", "complete ms"],
      [
        [`dashboard list, ${monitors} monitors (first row / all loaded)`, ...dashboard],
        [`status page, ${pageMonitors} monitors (title / rendered)`, ...statusPage],
      ],
    )}`,
  );
  console.log(
    `\nstatus page server time: first render ${ms(statusCold)} ms, cached p50 ${formatNumber(percentile(statusWarm, 50), 1)} ms`,
  );
  console.log(
    `scrolling all ${monitors} rows: ${frames.length} frames, p50 ${formatNumber(percentile(frames, 50), 1)} ms, ` +
      `p95 ${formatNumber(percentile(frames, 95), 1)} ms, max ${formatNumber(Math.max(...frames), 1)} ms per frame`,
  );
  console.log(
    `JS after gzip: initial ${kb(sizes.initialJs)} (+ CSS ${kb(sizes.initialCss)}), all chunks ${kb(sizes.totalJs)}`,
  );
});
