import { afterAll } from "vitest";
import { runStreamQueueContract } from "../../test/helpers/queue-contract.js";
import { testRedisUrl } from "../../test/helpers/test-env.js";
import { deleteKeys, testPrefix } from "../../test/helpers/test-queue.js";
import { createRedisStreamsQueue } from "./redis-streams-queue.js";

// Every key of this file lives under its own prefix and is deleted afterwards (the suite closes the queues).
const prefix = testPrefix();
afterAll(() => deleteKeys(prefix));

runStreamQueueContract("Redis Streams", async () => ({
  queue: createRedisStreamsQueue({ url: testRedisUrl, prefix }),
  prefix,
}));
