import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { runStreamQueueContract } from "../../test/helpers/queue-contract.js";
import { testRedisUrl } from "../../test/helpers/test-env.js";
import { deleteKeys, testPrefix } from "../../test/helpers/test-queue.js";
import { createLogger } from "../lib/logger.js";
import { createRedisStreamsQueue } from "./redis-streams-queue.js";

// Every key of this file lives under its own prefix and is deleted afterwards (the suite closes its queues).
const prefix = testPrefix();
afterAll(() => deleteKeys(prefix));

runStreamQueueContract("Redis Streams", async () => ({
  queue: createRedisStreamsQueue({ url: testRedisUrl, prefix }),
  prefix,
}));

describe("Redis Streams queue when Redis loses or drops its state", () => {
  it("recreates a group lost with its stream (Redis restarted without persistence)", async () => {
    const queue = createRedisStreamsQueue({ url: testRedisUrl, prefix });
    const raw = new Redis(testRedisUrl);
    try {
      const stream = `${prefix}:lost`;
      await queue.ensureGroup(stream, "g");
      await queue.add(stream, [{ m: "1" }]);
      expect(await queue.read(stream, "g", "c", { count: 10, blockMs: 50 })).toHaveLength(1);
      await raw.del(stream);

      expect(await queue.claimStale(stream, "g", "c", 0, 10)).toEqual([]);
      await queue.touch(stream, "g", "c", ["1-0"]);
      expect(await queue.read(stream, "g", "c", { count: 10, blockMs: 50 })).toEqual([]);
      const [id] = await queue.add(stream, [{ m: "2" }]);
      expect(await queue.read(stream, "g", "c", { count: 10, blockMs: 50 })).toEqual([
        { id, fields: { m: "2" }, deliveries: 1 },
      ]);
    } finally {
      raw.disconnect();
      await queue.close();
    }
  });

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
