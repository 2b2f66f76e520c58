import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "../../test/helpers/test-env.js";
import { testPrefix } from "../../test/helpers/test-queue.js";
import { waitFor } from "../../test/helpers/wait-for.js";
import { changed, recorder, runEventBusContract } from "../../test/live/event-bus-contract.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../lib/logger.js";
import { openEventBus } from "../roles/event-bus.js";
import { createRedisEventBus, liveChannel } from "./redis-event-bus.js";

// Pub/sub channels hold no keys: a prefix of the file's own keeps its channel apart, and nothing needs deleting.
const prefix = testPrefix();
const silent = createLogger("silent");
const open = (channelPrefix = prefix) =>
  createRedisEventBus({ url: testRedisUrl, prefix: channelPrefix, logger: silent });

runEventBusContract("Redis pub/sub", async () => open());

describe("Redis pub/sub event bus across processes", () => {
  const raw = new Redis(testRedisUrl);
  afterAll(() => raw.quit());

  it("carries an event published by one bus to the subscribers of every bus on the prefix", async () => {
    const [publisher, api] = [open(), open()];
    try {
      await Promise.all([publisher.ready(), api.ready()]);
      const user = randomUUID();
      const [there, here] = [recorder(api, user), recorder(publisher, user)];
      const event = changed(user);
      publisher.publish([event]);
      await there.waitFor(event.data.monitorId);
      await here.waitFor(event.data.monitorId);
      expect(there.events()).toEqual([event]);
    } finally {
      await Promise.all([publisher.close(), api.close()]);
    }
  });

  it("hears only its own prefix's channel, and skips messages it cannot read", async () => {
    const bus = open();
    try {
      await bus.ready();
      const user = randomUUID();
      const r = recorder(bus, user);
      const stranger = changed(user);
      const known = changed(user);
      // One connection publishes in order: once the last message arrived, any earlier one would have too.
      await raw.publish(liveChannel(testPrefix()), JSON.stringify([stranger]));
      await raw.publish(liveChannel(prefix), "not json");
      await raw.publish(liveChannel(prefix), JSON.stringify({ not: "an array" }));
      const future = { userId: user, type: "monitor-moved", data: { monitorId: randomUUID() } };
      await raw.publish(liveChannel(prefix), JSON.stringify([future, known]));
      await r.waitFor(known.data.monitorId);
      expect(r.events()).toEqual([known]);
    } finally {
      await bus.close();
    }
  });

  it("never throws or waits while Redis is unreachable, logging the failure without the password", async () => {
    const lines: string[] = [];
    const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
    // Port 1 refuses connections: an outage that needs no server to stop.
    const bus = createRedisEventBus({ url: "redis://:hunter2@127.0.0.1:1", prefix, logger });
    try {
      const user = randomUUID();
      const startedMs = performance.now();
      for (let i = 0; i < 1_000; i++) bus.publish([changed(user)]);
      expect(performance.now() - startedMs).toBeLessThan(1_000);
      await waitFor(() => lines.some((line) => line.includes("live events: publish failed")), {
        message: "the failure to be logged",
      });
      expect(lines.join("\n")).not.toContain("hunter2");
    } finally {
      await bus.close();
    }
  });

  it("is what the roles open with REDIS_URL, and in-process without it", async () => {
    const withRedis = openEventBus(loadConfig({ REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix }), silent);
    const without = openEventBus(loadConfig({}), silent);
    try {
      expect([withRedis.kind, without.kind]).toEqual(["redis", "in-process"]);
    } finally {
      await Promise.all([withRedis.close(), without.close()]);
    }
  });
});
