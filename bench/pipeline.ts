/**
 * Check pipeline throughput and latency on PostgreSQL + Redis Streams, against a local target (127.0.0.1 only).
 * Run with `npm run bench:pipeline`.
 *
 * BENCH_MODE=sustained (default): scheduler + one worker + ingester in this process, BENCH_MONITORS monitors
 *   (10000) every BENCH_INTERVAL_SECONDS (30), measured for BENCH_SECONDS (90) after BENCH_WARMUP_SECONDS (15);
 *   BENCH_TICK_MS (100, the scheduler default).
 * BENCH_MODE=burst: BENCH_JOBS (60000) due-now jobs drained by one worker.
 * Both: BENCH_CONCURRENCY (200), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_LOG_LEVEL (silent).
 */
import { pino } from "pino";
import { createRedisStreamsQueue } from "../src/queue/redis-streams-queue.js";
import { streamKeys } from "../src/queue/stream-keys.js";
import { runBurst } from "./lib/burst.js";
import { benchDatabaseUrl, benchLogLevel, benchRedisUrl, envChoice, envInt } from "./lib/env.js";
import type { PipelineContext, ReportRows } from "./lib/pipeline-context.js";
import { formatTable, printSettings } from "./lib/report.js";
import { createScratchDatabase, runBench, scratchPrefix } from "./lib/scratch.js";
import { runSustained } from "./lib/sustained.js";
import { startTarget } from "./lib/target.js";

const mode = envChoice("BENCH_MODE", ["sustained", "burst"] as const, "sustained");
const concurrency = envInt("BENCH_CONCURRENCY", 200);
const sustained = {
  monitors: envInt("BENCH_MONITORS", 10_000),
  intervalSeconds: envInt("BENCH_INTERVAL_SECONDS", 30),
  seconds: envInt("BENCH_SECONDS", 90),
  warmupSeconds: envInt("BENCH_WARMUP_SECONDS", 15),
  tickMs: envInt("BENCH_TICK_MS", 100),
  concurrency,
};
const burst = { jobs: envInt("BENCH_JOBS", 60_000), concurrency };
const settings: Record<string, number> =
  mode === "sustained"
    ? {
        BENCH_MONITORS: sustained.monitors,
        BENCH_INTERVAL_SECONDS: sustained.intervalSeconds,
        BENCH_SECONDS: sustained.seconds,
        BENCH_WARMUP_SECONDS: sustained.warmupSeconds,
        BENCH_TICK_MS: sustained.tickMs,
        BENCH_CONCURRENCY: concurrency,
      }
    : { BENCH_JOBS: burst.jobs, BENCH_CONCURRENCY: concurrency };
const maxSeconds =
  mode === "sustained"
    ? sustained.warmupSeconds + sustained.seconds + 180
    : 180 + Math.ceil(burst.jobs / 100);

await runBench("bench:pipeline", maxSeconds, async (cleanup) => {
  printSettings(`Pipeline benchmark: ${mode}`, { BENCH_MODE: mode, ...settings });
  const { handle, name } = await createScratchDatabase(benchDatabaseUrl, cleanup);
  const prefix = scratchPrefix(benchRedisUrl, cleanup);
  const logger = pino({ level: benchLogLevel });
  const queue = createRedisStreamsQueue({ url: benchRedisUrl, prefix, logger });
  cleanup.add("close queue", () => queue.close());
  const target = await startTarget(cleanup);
  console.log(`scratch database ${name}, redis prefix ${prefix}, target ${target.url}`);

  const ctx: PipelineContext = {
    handle,
    queue,
    keys: streamKeys(prefix),
    logger,
    target,
    region: "bench",
    cleanup,
  };
  const rows: ReportRows =
    mode === "sustained" ? await runSustained(ctx, sustained) : await runBurst(ctx, burst);
  console.log(`\n${formatTable(["metric", "value"], rows)}`);
});
