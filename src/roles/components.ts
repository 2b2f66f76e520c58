import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { runCheck } from "../checks/run-check.js";
import type { Config } from "../config.js";
import type { DatabaseHandle } from "../db/client.js";
import { createIngester } from "../ingest/ingester.js";
import type { Stoppable } from "../lib/shutdown.js";
import type { LivePublisher } from "../live/event-bus.js";
import type { Metrics } from "../metrics/metrics.js";
import { createDispatcher } from "../notifications/dispatcher.js";
import { resolveEncryptionKey } from "../notifications/encryption-key.js";
import { createPlatformWatch } from "../platform/platform-watch.js";
import { streamKeys } from "../queue/stream-keys.js";
import type { StreamQueue } from "../queue/stream-queue.js";
import { createDataMaintenance } from "../results/data-maintenance.js";
import { defaultRollupRetention } from "../results/partition-maintenance.js";
import { postgresLeaderElection, soleLeader } from "../scheduler/leader-election.js";
import { createScheduler } from "../scheduler/scheduler.js";
import { createWorker } from "../worker/worker.js";

/** A name unique to this process, for consumer names and heartbeats. */
export const processId = (role: string) =>
  `${role}-${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;

export function startScheduler(
  config: Config,
  handle: DatabaseHandle,
  queue: StreamQueue,
  logger: Logger,
): Stoppable {
  const leader =
    handle.kind === "postgres" && config.databaseUrl
      ? postgresLeaderElection(config.databaseUrl, logger)
      : soleLeader;
  const running = createScheduler({
    db: handle.db,
    queue,
    keys: streamKeys(config.queue.prefix),
    leader,
    logger,
  }).start();
  // The platform watch rides on the scheduler's leadership: one process judges the regions.
  const watch = createPlatformWatch({
    db: handle.db,
    queue,
    leader,
    logger: logger.child({ part: "platform-watch" }),
  }).start();
  // So does data maintenance: result partitions ahead, retention behind.
  const maintenance = createDataMaintenance({
    db: handle.db,
    leader,
    logger: logger.child({ part: "data-maintenance" }),
    retention: { rawDays: config.retentionDays, ...defaultRollupRetention },
  }).start();
  return {
    name: "scheduler",
    async stop() {
      await maintenance.stop();
      await watch.stop();
      await running.stop();
    },
  };
}

export function startIngester(
  config: Config,
  handle: DatabaseHandle,
  queue: StreamQueue,
  logger: Logger,
  metrics: Metrics | undefined,
  live: LivePublisher,
): Stoppable {
  const running = createIngester({
    db: handle.db,
    queue,
    keys: streamKeys(config.queue.prefix),
    logger,
    consumer: processId("ingester"),
    claimIdleMs: config.queue.claimIdleMs,
    metrics,
    live,
  }).start();
  return { name: "ingester", stop: running.stop };
}

/** Delivers the notification outbox; every ingester runs one, and they share the rows through row locks. */
export async function startDispatcher(
  config: Config,
  handle: DatabaseHandle,
  logger: Logger,
  metrics?: Metrics,
): Promise<Stoppable> {
  const key = await resolveEncryptionKey(config.notifications.encryptionKey, config.dataDir);
  const running = createDispatcher({
    db: handle.db,
    logger: logger.child({ part: "dispatcher" }),
    key,
    smtp: config.notifications.smtp,
    targets: config.checks,
    metrics,
  }).start();
  logger.info("notification dispatcher started");
  return { name: "dispatcher", stop: running.stop };
}

export async function startWorker(
  config: Config,
  queue: StreamQueue,
  region: string,
  concurrency: number,
  logger: Logger,
  metrics?: Metrics,
): Promise<Stoppable> {
  const worker = createWorker({
    queue,
    keys: streamKeys(config.queue.prefix),
    region,
    workerId: processId(`worker-${region}`),
    concurrency,
    claimIdleMs: config.queue.claimIdleMs,
    runCheck: (job) => runCheck(job, { targets: config.checks }),
    logger: logger.child({ region }),
    metrics,
  });
  const running = await worker.start();
  return { name: `worker ${region}`, stop: running.stop };
}
