import { pino } from "pino";
import { afterAll } from "vitest";
import type { EventBus } from "../../src/live/event-bus.js";
import { createInProcessEventBus } from "../../src/live/in-process-event-bus.js";
import { createRedisEventBus } from "../../src/live/redis-event-bus.js";
import { testBackend, testRedisUrl } from "../helpers/test-env.js";

export const testLogger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

/**
 * The bus the way deployments pair it, like useTestQueue: Redis pub/sub beside PostgreSQL (on the file's own
 * prefix, so its channel is its own), in-process beside PGlite. Ready before the tests, closed after the file.
 */
export async function useTestEventBus(prefix: string): Promise<EventBus> {
  const bus =
    testBackend === "pglite"
      ? createInProcessEventBus(testLogger())
      : createRedisEventBus({ url: testRedisUrl, prefix, logger: testLogger() });
  afterAll(() => bus.close());
  await bus.ready();
  return bus;
}
