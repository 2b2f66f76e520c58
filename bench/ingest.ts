/**
 * Ingestion throughput: results in the Redis results stream → rows in PostgreSQL, through the real ingester, with
 * the database path alone (insertResults, the drizzle builder) for comparison. Run with `npm run bench:ingest`.
 *
 * Env: BENCH_ROWS (default 200000), BENCH_MONITORS (1000), BENCH_BATCH_SIZES (1000,2000,5000),
 * BENCH_INGESTERS (1,2,4: ingesters sharing the results group), BENCH_DATABASE_URL, BENCH_REDIS_URL,
 * BENCH_LOG_LEVEL (silent).
 */
import { Redis } from "ioredis";
import { pino } from "pino";
import { createRedisStreamsQueue } from "../src/queue/redis-streams-queue.js";
import { streamKeys } from "../src/queue/stream-keys.js";
import { benchDatabaseUrl, benchLogLevel, benchRedisUrl, envInt, envIntList } from "./lib/env.js";
import {
  type IngestContext,
  type Measurement,
  measureBuilder,
  measureDecode,
  measureIngester,
  measureInsertResults,
  measureUnnestOnly,
} from "./lib/ingest-runs.js";
import { formatNumber, formatTable, printSettings } from "./lib/report.js";
import { benchRegion, buildResultMessages, toNewResult } from "./lib/result-messages.js";
import { createScratchDatabase, runBench, scratchPrefix } from "./lib/scratch.js";
import { seedMonitors } from "./lib/seed.js";

const rows = envInt("BENCH_ROWS", 200_000);
const monitorCount = envInt("BENCH_MONITORS", 1_000);
const batchSizes = envIntList("BENCH_BATCH_SIZES", [1_000, 2_000, 5_000]);
const ingesterCounts = envIntList("BENCH_INGESTERS", [1, 2, 4]);

function printRow(m: Measurement): string[] {
  return [
    m.method,
    m.batchSize === 0 ? "-" : formatNumber(m.batchSize),
    formatNumber(m.rows),
    formatNumber(m.seconds, 2),
    formatNumber(m.rows / m.seconds),
    formatNumber(m.cpuMsPer1000, 1),
    formatNumber((m.cpuMsPer1000 * m.rows) / 1000 / (m.seconds * 10)),
    m.note,
  ];
}

await runBench("bench:ingest", 900, async (cleanup) => {
  printSettings("Ingestion benchmark", {
    BENCH_ROWS: rows,
    BENCH_MONITORS: monitorCount,
    BENCH_BATCH_SIZES: batchSizes.join(","),
    BENCH_INGESTERS: ingesterCounts.join(","),
  });
  const { handle, name } = await createScratchDatabase(benchDatabaseUrl, cleanup);
  const prefix = scratchPrefix(benchRedisUrl, cleanup);
  const logger = pino({ level: benchLogLevel });
  const queue = createRedisStreamsQueue({ url: benchRedisUrl, prefix, logger });
  cleanup.add("close queue", () => queue.close());
  const redis = new Redis(benchRedisUrl);
  cleanup.add("close redis", async () => void redis.disconnect());
  console.log(`scratch database ${name}, redis prefix ${prefix}`);

  const monitorIds = await seedMonitors(handle.db, {
    count: monitorCount,
    intervalSeconds: 30,
    regions: [benchRegion],
    url: (i) => `http://127.0.0.1:9/m/${i}`,
    // Far in the future: nothing here schedules, but keep the rows honest.
    nextCheckAt: () => new Date(Date.now() + 86_400_000),
  });
  const messages = buildResultMessages(monitorIds, rows, Date.now() - 7 * 86_400_000);
  const newRows = messages.map(toNewResult);
  const ctx: IngestContext = { db: handle.db, queue, redis, keys: streamKeys(prefix), logger, messages };

  const results: Measurement[] = [];
  const run = async (label: string, measure: () => Promise<Measurement>) => {
    process.stdout.write(`running ${label}... `);
    const m = await measure();
    console.log(`${formatNumber(m.rows / m.seconds)} rows/s`);
    results.push(m);
  };
  await run("decode", () => measureDecode(messages));
  for (const consumers of ingesterCounts) {
    for (const size of batchSizes) {
      await run(`${consumers} ingester(s), batch ${size}`, () => measureIngester(ctx, size, consumers));
    }
  }
  for (const size of batchSizes) {
    await run(`insertResults batch ${size}`, () => measureInsertResults(handle.db, newRows, size));
  }
  for (const size of batchSizes) {
    await run(`unnest insert batch ${size}`, () => measureUnnestOnly(handle.db, newRows, size));
  }
  for (const size of batchSizes) {
    await run(`drizzle builder batch ${size}`, () => measureBuilder(handle.db, newRows, size));
  }

  console.log(
    `\n${formatTable(
      ["method", "batch", "rows", "seconds", "rows/s", "node CPU ms / 1k rows", "node CPU % of wall", "note"],
      results.map(printRow),
    )}`,
  );
});
