import { afterAll, describe, expect, it } from "vitest";
import { runStreamQueueContract } from "../../test/helpers/queue-contract.js";
import { testRedisUrl } from "../../test/helpers/test-env.js";
import { deleteKeys, testPrefix } from "../../test/helpers/test-queue.js";
import { createLogger } from "../lib/logger.js";
import { createRedisStreamsQueue } from "./redis-streams-queue.js";

// Every key of this file lives under its own prefix and is deleted afterwards (the suite closes the queues).
const prefix = testPrefix();
afterAll(() => deleteKeys(prefix));

runStreamQueueContract("Redis Streams", async () => ({
  queue: createRedisStreamsQueue({ url: testRedisUrl, prefix }),
  prefix,
}));

describe("Redis Streams queue while Redis is unreachable", () => {
  it("rejects calls instead of hanging, pings false and logs without the URL's password", async () => {
    const lines: string[] = [];
    const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
    // Port 1 refuses connections: an outage that needs no server to stop.
    const queue = createRedisStreamsQueue({ url: "redis://:hunter2@127.0.0.1:1", prefix, logger });
    try {
      expect(await queue.ping()).toBe(false);
      await expect(queue.add(`${prefix}:outage`, [{ m: "{}" }])).rejects.toThrow();
      expect(lines.some((line) => line.includes("redis connection error"))).toBe(true);
      expect(lines.join("\n")).not.toContain("hunter2");
    } finally {
      await queue.close();
    }
  });
});
