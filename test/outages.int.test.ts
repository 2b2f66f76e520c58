import { sql } from "drizzle-orm";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { runHttpCheck } from "../src/checks/http-check.js";
import { type DatabaseHandle, openDatabase } from "../src/db/client.js";
import { createIngester } from "../src/ingest/ingester.js";
import { createRedisStreamsQueue } from "../src/queue/redis-streams-queue.js";
import { streamKeys } from "../src/queue/stream-keys.js";
import type { StreamQueue } from "../src/queue/stream-queue.js";
import { soleLeader } from "../src/scheduler/leader-election.js";
import { createScheduler } from "../src/scheduler/scheduler.js";
import { createWorker } from "../src/worker/worker.js";
import { createMonitor, signUp } from "./helpers/factories.js";
import { startOwnRedis } from "./helpers/own-redis.js";
import { type Published, recordingQueue } from "./helpers/recording-queue.js";
import { startTargetServer } from "./helpers/target-server.js";
import { startDatabaseProxy } from "./helpers/tcp-proxy.js";
import { startTestApp } from "./helpers/test-app.js";
import { useTestDatabase } from "./helpers/test-database.js";
import { testBackend, testRedisUrl } from "./helpers/test-env.js";
import { deleteKeys, testPrefix } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

/**
 * Scheduler (time 10x fast: a 30 s interval passes every 3 s), ingester and two workers, each given the database
 * and queue the outage will hit. Returns the log of every job the queue accepted.
 */
async function runPipeline(pipelineDb: DatabaseHandle, queue: StreamQueue, prefix: string) {
  const keys = streamKeys(prefix);
  const log: Published[] = [];
  const t0 = Date.now();
  const now = () => t0 + (Date.now() - t0) * 10;
  const scheduler = createScheduler({
    db: pipelineDb.db,
    queue: recordingQueue(queue, "scheduler", log),
    keys,
    leader: soleLeader,
    logger: silent,
    tickMs: 100,
    now,
  }).start();
  const ingester = createIngester({
    db: pipelineDb.db,
    queue,
    keys,
    logger: silent,
    consumer: "ingester",
    claimIdleMs: 2000,
    blockMs: 200,
  }).start();
  const workers = await Promise.all(
    [0, 1].map((i) =>
      createWorker({
        queue,
        keys,
        region: "local",
        workerId: `w${i}`,
        concurrency: 20,
        claimIdleMs: 2000,
        runCheck: (job) => runHttpCheck(job, { targets: { allowPrivateTargets: true } }),
        logger: silent,
        blockMs: 200,
      }).start(),
    ),
  );
  return {
    log,
    async stopScheduler() {
      await scheduler.stop();
    },
    async stop() {
      await scheduler.stop();
      await Promise.all(workers.map((w) => w.stop()));
      await ingester.stop();
    },
  };
}

/** Every job the queue accepted has exactly one stored result: nothing lost, nothing doubled. */
async function expectEveryPublishedSlotStoredOnce(handle: DatabaseHandle, log: Published[]): Promise<void> {
  const key = (monitorId: string, scheduledAt: number) => `${monitorId}@${scheduledAt}`;
  const published = new Set(log.map((p) => key(p.monitorId, p.scheduledAt)));
  const stored = await waitFor(
    async () => {
      const { rows } = await handle.db.execute<{ monitorId: string; scheduledAtMs: number; n: number }>(sql`
        select monitor_id as "monitorId", (extract(epoch from scheduled_at) * 1000)::float8 as "scheduledAtMs", count(*)::int as n
        from check_results group by 1, 2`);
      const keys = new Map(rows.map((r) => [key(r.monitorId, Math.round(r.scheduledAtMs)), r.n]));
      return [...published].every((k) => keys.has(k)) ? keys : undefined;
    },
    { timeoutMs: 30_000, message: "every published slot to be stored" },
  );
  for (const n of stored.values()) expect(n).toBe(1);
}

// Outages need their own Redis server and a proxy in front of PostgreSQL: run once, in the PostgreSQL project.
describe.runIf(testBackend === "postgres")("outages", () => {
  it("recovers by itself when Redis restarts mid-run, losing no result", async () => {
    const handle = await useTestDatabase();
    const redis = await startOwnRedis();
    const prefix = testPrefix();
    const queue = createRedisStreamsQueue({ url: redis.url, prefix });
    const target = await startTargetServer();
    const app = await startTestApp(handle, { QUEUE_PREFIX: prefix }, { queue });
    const { token } = await signUp(app);
    for (let i = 0; i < 10; i++)
      await createMonitor(app, token, { url: `${target.url}/ok?r=${i}`, intervalSeconds: 30 });
    const pipeline = await runPipeline(handle, queue, prefix);
    try {
      await waitFor(() => pipeline.log.length >= 20, { message: "two rounds published" });
      const before = pipeline.log.length;
      await redis.restart();
      await waitFor(() => pipeline.log.length >= before + 30, {
        timeoutMs: 30_000,
        message: "publishing to resume",
      });
      await pipeline.stopScheduler();
      await expectEveryPublishedSlotStoredOnce(handle, pipeline.log);
    } finally {
      await pipeline.stop();
      await queue.close();
    }
  }, 90_000);

  it("keeps results in Redis while PostgreSQL is unreachable for 20 s, then stores every one", async () => {
    const handle = await useTestDatabase();
    const proxy = await startDatabaseProxy(handle.url ?? "");
    const pipelineDb = await openDatabase({ url: proxy.url });
    const prefix = testPrefix();
    const queue = createRedisStreamsQueue({ url: testRedisUrl, prefix });
    const target = await startTargetServer();
    const app = await startTestApp(handle, { QUEUE_PREFIX: prefix }, { queue });
    const { token } = await signUp(app);
    // Checks take a second, so some finish while the database is away and their results must wait.
    for (let i = 0; i < 10; i++)
      await createMonitor(app, token, { url: `${target.url}/slow/p${i}?ms=1000`, intervalSeconds: 30 });
    const pipeline = await runPipeline(pipelineDb, queue, prefix);
    const keys = streamKeys(prefix);
    try {
      await waitFor(() => pipeline.log.length >= 20, { message: "two rounds published" });
      proxy.cut();
      const cutAt = Date.now();
      await waitFor(
        async () => {
          const info = await queue.groupInfo(keys.results, keys.resultsGroup);
          return info.pending + info.lag > 0;
        },
        { message: "results waiting in Redis" },
      );
      // The outage lasts 20 s; the wait polls the clock so the test cannot pass by accident of timing.
      await waitFor(() => Date.now() - cutAt >= 20_000, {
        timeoutMs: 25_000,
        intervalMs: 250,
        message: "20 s outage",
      });
      proxy.restore();
      const before = pipeline.log.length;
      await waitFor(() => pipeline.log.length >= before + 20, {
        timeoutMs: 30_000,
        message: "publishing to resume",
      });
      await pipeline.stopScheduler();
      await expectEveryPublishedSlotStoredOnce(handle, pipeline.log);
    } finally {
      await pipeline.stop();
      await queue.close();
      await deleteKeys(prefix);
      await pipelineDb.close();
    }
  }, 120_000);
});
