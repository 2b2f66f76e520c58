/**
 * Bulk create latency. Run with `npm run bench:bulk`.
 *
 * Times POST /api/monitor/bulk of BENCH_MONITORS (1,000) monitors, and POST /api/monitor/apply of a document of as
 * many (all new, then the same again: all unchanged), through HTTP on 127.0.0.1, BENCH_RUNS (5) times after one warm-up, on each backend of BENCH_BACKENDS (postgres,pglite): a scratch PostgreSQL database at
 * BENCH_DATABASE_URL, or in-memory PGlite. Prints p50, min and max per backend. Each monitor carries a name, tags,
 * a header and an assertion, like a migrated fleet would.
 */
import type { DatabaseHandle } from "../src/db/client.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { startBenchApi } from "./lib/bench-api.js";
import { benchDatabaseUrl, envInt } from "./lib/env.js";
import { formatNumber, formatTable, percentile, printSettings } from "./lib/report.js";
import { type Cleanup, createScratchDatabase, runBench } from "./lib/scratch.js";

const backendNames = ["postgres", "pglite"] as const;
type Backend = (typeof backendNames)[number];
const backends = (process.env.BENCH_BACKENDS ?? "postgres,pglite").split(",").map((name) => {
  const backend = backendNames.find((b) => b === name.trim());
  if (!backend) throw new Error(`BENCH_BACKENDS lists postgres and/or pglite, got "${name}"`);
  return backend;
});
const monitors = envInt("BENCH_MONITORS", 1_000);
const runs = envInt("BENCH_RUNS", 5);

const bulkBody = (run: number) => ({
  monitors: Array.from({ length: monitors }, (_, i) => ({
    url: `https://svc-${run}-${i}.example.com/health`,
    name: `Service ${run}-${i}`,
    intervalSeconds: 60,
    headers: { "X-Bench": "1" },
    tags: ["bench", `group-${i % 10}`],
    assertions: [{ type: "status", ranges: "200-299" }],
  })),
});

async function openBackend(backend: Backend, cleanup: Cleanup): Promise<DatabaseHandle> {
  if (backend === "postgres") return (await createScratchDatabase(benchDatabaseUrl, cleanup)).handle;
  const handle = await openDatabase({ memory: true });
  cleanup.add("close pglite", () => handle.close());
  await migrateDatabase(handle);
  return handle;
}

type Samples = { bulk: number[]; applyNew: number[]; applyUnchanged: number[] };

async function measure(backend: Backend, cleanup: Cleanup): Promise<Samples> {
  const handle = await openBackend(backend, cleanup);
  const { call, signUp } = await startBenchApi(handle, cleanup, { REGIONS: "eu-west,us-east" });
  const { token } = await signUp("bulk@example.com");
  const samples: Samples = { bulk: [], applyNew: [], applyUnchanged: [] };
  const timed = async (into: number[], run: number, path: string, body: unknown) => {
    const started = performance.now();
    const answer = await call(path, token, body);
    const elapsed = performance.now() - started;
    if (run > 0) into.push(elapsed); // run 0 warms up
    return { answer, elapsed };
  };
  for (let run = 0; run <= runs; run++) {
    const bulk = await timed(samples.bulk, run, "/api/monitor/bulk", bulkBody(run));
    if ((bulk.answer.items as unknown[]).length !== monitors) throw new Error("bulk create returned too few");
    const doc = {
      version: 1,
      tag: `apply-${run}`,
      monitors: bulkBody(run).monitors.map((m, i) => ({
        ...m,
        key: `svc-${run}-${i}`,
        url: `${m.url}?apply`,
      })),
    };
    const created = await timed(samples.applyNew, run, "/api/monitor/apply", doc);
    const again = await timed(samples.applyUnchanged, run, "/api/monitor/apply", doc);
    const plan = (again.answer as { plan: { unchanged: unknown[] } }).plan;
    if (plan.unchanged.length !== monitors) throw new Error("the second apply was not all unchanged");
    console.log(
      `${backend} run ${run}${run === 0 ? " (warm-up)" : ""}: bulk ${formatNumber(bulk.elapsed, 1)} ms, ` +
        `apply new ${formatNumber(created.elapsed, 1)} ms, apply unchanged ${formatNumber(again.elapsed, 1)} ms`,
    );
  }
  return samples;
}

await runBench("bench:bulk", 900, async (cleanup) => {
  printSettings("Bulk create benchmark", {
    BENCH_BACKENDS: backends.join(","),
    BENCH_MONITORS: monitors,
    BENCH_RUNS: runs,
  });
  const rows: string[][] = [];
  for (const backend of backends) {
    const samples = await measure(backend, cleanup);
    const cases: [string, number[]][] = [
      [`POST /api/monitor/bulk (${monitors} monitors)`, samples.bulk],
      [`POST /api/monitor/apply (${monitors} new)`, samples.applyNew],
      [`POST /api/monitor/apply (${monitors} unchanged)`, samples.applyUnchanged],
    ];
    for (const [name, values] of cases) {
      rows.push([
        backend,
        name,
        formatNumber(percentile(values, 50), 1),
        formatNumber(Math.min(...values), 1),
        formatNumber(Math.max(...values), 1),
      ]);
    }
  }
  console.log(`\n${formatTable(["backend", "request", "p50 ms", "min ms", "max ms"], rows)}`);
});
