import { pino } from "pino";
import { afterAll } from "vitest";
import { runCheck } from "../../src/checks/run-check.js";
import type { DatabaseHandle } from "../../src/db/client.js";
import { createIngester } from "../../src/ingest/ingester.js";
import type { Metrics } from "../../src/metrics/metrics.js";
import { streamKeys } from "../../src/queue/stream-keys.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";
import { soleLeader } from "../../src/scheduler/leader-election.js";
import { createScheduler } from "../../src/scheduler/scheduler.js";
import { createWorker } from "../../src/worker/worker.js";

const logger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

export type PipelineOptions = {
  handle: DatabaseHandle;
  queue: StreamQueue;
  prefix: string;
  /** Workers to start per region. */
  workers: Record<string, number>;
  concurrency?: number;
  claimIdleMs?: number;
  /** Shared by the workers and the ingester, as in `vigil start`. */
  metrics?: Metrics;
};

/** Scheduler, ingester and workers wired as `vigil start` wires them, with short timings for tests. */
export async function startPipeline(options: PipelineOptions) {
  const { handle, queue, prefix } = options;
  const keys = streamKeys(prefix);
  const claimIdleMs = options.claimIdleMs ?? 2_000;
  const workers = [];
  for (const [region, count] of Object.entries(options.workers)) {
    for (let i = 0; i < count; i++) {
      workers.push(
        createWorker({
          queue,
          keys,
          region,
          workerId: `${region}-${i}`,
          concurrency: options.concurrency ?? 50,
          claimIdleMs,
          runCheck: (job) => runCheck(job, { targets: { allowPrivateTargets: true } }),
          logger: logger(),
          blockMs: 200,
          metrics: options.metrics,
        }),
      );
    }
  }
  const running = await Promise.all(workers.map((w) => w.start()));
  const ingester = createIngester({
    db: handle.db,
    queue,
    keys,
    logger: logger(),
    consumer: "ingester-0",
    claimIdleMs,
    blockMs: 200,
    metrics: options.metrics,
  }).start();
  const scheduler = createScheduler({
    db: handle.db,
    queue,
    keys,
    leader: soleLeader,
    logger: logger(),
    tickMs: 100,
  });
  const schedulerRun = scheduler.start();
  const stop = async () => {
    await schedulerRun.stop();
    await Promise.all(running.map((r) => r.stop()));
    await ingester.stop();
  };
  afterAll(stop);
  return { workers, scheduler, stop };
}
