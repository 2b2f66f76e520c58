import type { Logger } from "pino";
import type { Config } from "../config.js";
import { createInProcessQueue } from "../queue/in-process-queue.js";
import { createRedisStreamsQueue } from "../queue/redis-streams-queue.js";
import type { StreamQueue } from "../queue/stream-queue.js";

/** Redis Streams when REDIS_URL is set; otherwise the in-process queue, which only works inside `vigil start`. */
export function openQueue(config: Config, logger: Logger): StreamQueue {
  if (config.redisUrl)
    return createRedisStreamsQueue({ url: config.redisUrl, prefix: config.queue.prefix, logger });
  return createInProcessQueue();
}

/** The split roles talk to each other through Redis: without it each process would have a queue of its own. */
export function requireRedis(config: Config, role: string): void {
  if (!config.redisUrl) {
    throw new Error(
      `vigil ${role} needs REDIS_URL: without Redis, run every role in one process with \`vigil start\``,
    );
  }
}
