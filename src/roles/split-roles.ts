import type { Config } from "../config.js";
import { createLogger } from "../lib/logger.js";
import { stopOnSignals } from "../lib/shutdown.js";
import { startApi } from "./api.js";
import { startIngester, startScheduler, startWorker } from "./components.js";
import { openQueue, requireRedis } from "./queue.js";
import { ensureConfiguredRegions, openMigratedDatabase } from "./resources.js";

// The roles of a split deployment, each its own process, talking through Redis.

export async function runApi(config: Config): Promise<void> {
  requireRedis(config, "api");
  const logger = createLogger(config.logLevel);
  const handle = await openMigratedDatabase(config, logger);
  const queue = openQueue(config, logger);
  await ensureConfiguredRegions(config, handle, queue, logger);
  const app = await startApi(config, handle, queue, logger);
  stopOnSignals(logger, [
    { name: "api", stop: () => app.close() },
    { name: "queue", stop: () => queue.close() },
    { name: "database", stop: () => handle.close() },
  ]);
}

export async function runScheduler(config: Config): Promise<void> {
  requireRedis(config, "scheduler");
  const logger = createLogger(config.logLevel);
  const handle = await openMigratedDatabase(config, logger);
  const queue = openQueue(config, logger);
  stopOnSignals(logger, [
    startScheduler(config, handle, queue, logger),
    { name: "queue", stop: () => queue.close() },
    { name: "database", stop: () => handle.close() },
  ]);
}

export async function runIngester(config: Config): Promise<void> {
  requireRedis(config, "ingester");
  const logger = createLogger(config.logLevel);
  const handle = await openMigratedDatabase(config, logger);
  const queue = openQueue(config, logger);
  stopOnSignals(logger, [
    startIngester(config, handle, queue, logger),
    { name: "queue", stop: () => queue.close() },
    { name: "database", stop: () => handle.close() },
  ]);
}

/** Workers need Redis only: no database credentials in the regions. */
export async function runWorker(config: Config, region: string, concurrency: number): Promise<void> {
  requireRedis(config, "worker");
  const logger = createLogger(config.logLevel);
  const queue = openQueue(config, logger);
  const worker = await startWorker(config, queue, region, concurrency, logger);
  logger.info({ region, concurrency }, "worker started");
  stopOnSignals(logger, [worker, { name: "queue", stop: () => queue.close() }]);
}
