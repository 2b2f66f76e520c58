import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { DatabaseHandle } from "../db/client.js";
import { createLogger } from "../lib/logger.js";
import { type Stoppable, stopOnSignals } from "../lib/shutdown.js";
import type { Metrics } from "../metrics/metrics.js";
import type { StreamQueue } from "../queue/stream-queue.js";
import { startApi } from "./api.js";
import { startDispatcher, startIngester, startScheduler, startWorker } from "./components.js";
import { openEventBus, stopEventBus } from "./event-bus.js";
import { createRoleMetrics, serveMetricsPort } from "./metrics.js";
import { openQueue, requireRedis } from "./queue.js";
import { ensureConfiguredRegions, openMigratedDatabase } from "./resources.js";

// The roles of a split deployment, each its own process, talking through Redis.

/**
 * Opens what a database role needs (Redis, the migrated database), starts the role's parts on them, and stops
 * the parts (in the order given), queue and database in that order on a signal. Roles other than the API serve
 * their metrics on METRICS_PORT; the API serves them itself.
 */
async function runDatabaseRole(
  config: Config,
  role: string,
  start: (
    handle: DatabaseHandle,
    queue: StreamQueue,
    logger: Logger,
    metrics: Metrics | undefined,
  ) => Promise<Stoppable | Stoppable[]> | Stoppable,
): Promise<void> {
  requireRedis(config, role);
  const logger = createLogger(config.logLevel);
  const metrics = createRoleMetrics(config);
  const handle = await openMigratedDatabase(config, logger);
  const queue = openQueue(config, logger);
  const parts = [await start(handle, queue, logger, metrics)].flat();
  stopOnSignals(logger, [
    ...parts,
    ...(role === "api" ? [] : await serveMetricsPort(config, metrics, logger)),
    { name: "queue", stop: () => queue.close() },
    { name: "database", stop: () => handle.close() },
  ]);
}

export const runApi = (config: Config) =>
  runDatabaseRole(config, "api", async (handle, queue, logger, metrics) => {
    await ensureConfiguredRegions(config, handle, queue, logger);
    // Subscribes to the live channel on Redis: events of every ingester reach this process's streams.
    const bus = openEventBus(config, logger);
    const app = await startApi(config, handle, queue, logger, metrics, bus);
    return [{ name: "api", stop: () => app.close() }, stopEventBus(bus)];
  });

export const runScheduler = (config: Config) =>
  runDatabaseRole(config, "scheduler", (handle, queue, logger) =>
    startScheduler(config, handle, queue, logger),
  );

/**
 * Ingesters also deliver notifications: both are database-bound and scale out the same way. Each publishes its
 * live events to Redis for the API processes.
 */
export const runIngester = (config: Config) =>
  runDatabaseRole(config, "ingester", async (handle, queue, logger, metrics) => {
    const bus = openEventBus(config, logger);
    return [
      await startDispatcher(config, handle, logger, metrics),
      startIngester(config, handle, queue, logger, metrics, bus),
      stopEventBus(bus),
    ];
  });

/** Workers need Redis only: no database credentials in the regions. */
export async function runWorker(config: Config, region: string, concurrency: number): Promise<void> {
  requireRedis(config, "worker");
  const logger = createLogger(config.logLevel);
  const metrics = createRoleMetrics(config);
  const queue = openQueue(config, logger);
  const worker = await startWorker(config, queue, region, concurrency, logger, metrics);
  logger.info({ region, concurrency }, "worker started");
  stopOnSignals(logger, [
    worker,
    ...(await serveMetricsPort(config, metrics, logger)),
    { name: "queue", stop: () => queue.close() },
  ]);
}
