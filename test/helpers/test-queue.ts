import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { createInProcessQueue } from "../../src/queue/in-process-queue.js";
import { createRedisStreamsQueue } from "../../src/queue/redis-streams-queue.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";
import { deleteKeys as deleteKeysUnder } from "./redis-keys.js";
import { testBackend, testRedisUrl } from "./test-env.js";

/** A key prefix of this test file's own, removed afterwards, so files share the Redis server without interfering. */
export function testPrefix(): string {
  return `vigil-test-${randomBytes(5).toString("hex")}`;
}

/** Removes this file's keys from the shared test Redis. */
export const deleteKeys = (prefix: string): Promise<void> => deleteKeysUnder(testRedisUrl, prefix);

/**
 * The queue the way deployments pair it: Redis Streams beside PostgreSQL, the in-process queue beside PGlite.
 * Closed and cleaned after the file.
 */
export function useTestQueue(prefix = testPrefix()): { queue: StreamQueue; prefix: string } {
  if (testBackend === "pglite") {
    const queue = createInProcessQueue();
    afterAll(() => queue.close());
    return { queue, prefix };
  }
  const queue = createRedisStreamsQueue({ url: testRedisUrl, prefix });
  afterAll(async () => {
    await queue.close();
    await deleteKeys(prefix);
  });
  return { queue, prefix };
}
