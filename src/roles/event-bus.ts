import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Stoppable } from "../lib/shutdown.js";
import type { EventBus } from "../live/event-bus.js";
import { createInProcessEventBus } from "../live/in-process-event-bus.js";
import { createRedisEventBus } from "../live/redis-event-bus.js";

/**
 * The live-events bus: Redis pub/sub when REDIS_URL is set, so an ingester's events reach the streams of every
 * API process; otherwise in-process, which only works inside `vigil start`.
 */
export function openEventBus(config: Config, logger: Logger): EventBus {
  const busLogger = logger.child({ part: "live-events" });
  if (config.redisUrl)
    return createRedisEventBus({ url: config.redisUrl, prefix: config.queue.prefix, logger: busLogger });
  return createInProcessEventBus(busLogger);
}

export const stopEventBus = (bus: EventBus): Stoppable => ({ name: "live events", stop: () => bus.close() });
