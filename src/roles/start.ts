import type { Config } from "../config.js";
import { createLogger } from "../lib/logger.js";
import { stopOnSignals } from "../lib/shutdown.js";
import { startApi } from "./api.js";
import { startDispatcher, startIngester, startScheduler, startWorker } from "./components.js";
import { openEventBus, stopEventBus } from "./event-bus.js";
import { createRoleMetrics } from "./metrics.js";
import { openQueue } from "./queue.js";
import { ensureConfiguredRegions, openMigratedDatabase } from "./resources.js";

/**
 * `vigil start`: every role in one process: API, scheduler, ingester and a worker for each configured region.
 * With no DATABASE_URL and no REDIS_URL this is the embedded default (PGlite and the in-process queue).
 * Its parts share one metrics registry, served by the API's /metrics.
 */
export async function runStart(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const metrics = createRoleMetrics(config);
  const handle = await openMigratedDatabase(config, logger);
  const queue = openQueue(config, logger);
  await ensureConfiguredRegions(config, handle, queue, logger);
  // One bus for the ingester's events and the API's streams: in-process, or Redis when REDIS_URL is set.
  const bus = openEventBus(config, logger);
  const ingester = startIngester(config, handle, queue, logger, metrics, bus);
  const workers = await Promise.all(
    config.regions.map((region) =>
      startWorker(config, queue, region, config.worker.concurrency, logger, metrics),
    ),
  );
  const scheduler = startScheduler(config, handle, queue, logger);
  const dispatcher = await startDispatcher(config, handle, logger, metrics);
  const app = await startApi(config, handle, queue, logger, metrics, bus);
  stopOnSignals(logger, [
    { name: "api", stop: () => app.close() },
    scheduler,
    ...workers,
    ingester,
    dispatcher,
    stopEventBus(bus),
    { name: "queue", stop: () => queue.close() },
    // PGlite flushes to DATA_DIR on close: skipping this could lose the last writes.
    { name: "database", stop: () => handle.close() },
  ]);
}
