import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamEntry, StreamQueue } from "../../src/queue/stream-queue.js";
import { testRedisUrl } from "./test-env.js";
import { waitFor } from "./wait-for.js";

const message = (n: number) => ({ m: JSON.stringify({ n }) });
const ids = (entries: StreamEntry[]) => entries.map((entry) => entry.id);
const byName = <T extends { name: string }>(items: T[]) =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

/** Orders stream ids numerically: "<ms>-<seq>". */
function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs - bMs || aSeq - bSeq;
}

/**
 * Gives a read just issued time to reach the queue and block. Not synchronisation: the assertions hold either way
 * (an entry added before the read blocks is returned at once); it only makes the wake-up path the one exercised.
 * There is no event to wait on: Redis 7.0 lists a blocked consumer only once it has been served.
 */
const letReadBlock = () => delay(100);

/** Polls claimStale until it hands something over (entries become claimable only once minIdleMs has passed). */
function claimWhenStale(claim: () => Promise<StreamEntry[]>): Promise<StreamEntry[]> {
  return waitFor(
    async () => {
      const claimed = await claim();
      return claimed.length > 0 ? claimed : undefined;
    },
    { timeoutMs: 5_000, intervalMs: 10, message: "entries to become claimable" },
  );
}

/**
 * The semantics every StreamQueue keeps (see stream-queue.ts), run against each implementation. makeQueue may be
 * called more than once; the suite closes every queue it gets. Each test uses streams of its own under the prefix.
 */
export function runStreamQueueContract(
  name: string,
  makeQueue: () => Promise<{ queue: StreamQueue; prefix: string }>,
): void {
  describe(`StreamQueue contract: ${name}`, () => {
    const opened: StreamQueue[] = [];
    let queue: StreamQueue;
    let prefix: string;
    let streamCount = 0;
    const newStream = (label: string) => `${prefix}:contract:${label}:${++streamCount}`;
    const readNow = (stream: string, group: string, consumer: string) =>
      queue.read(stream, group, consumer, { count: 100, blockMs: 50 });

    async function openQueue(): Promise<StreamQueue> {
      const made = await makeQueue();
      opened.push(made.queue);
      prefix = made.prefix;
      return made.queue;
    }

    beforeAll(async () => {
      queue = await openQueue();
    });
    afterAll(async () => {
      await Promise.all(opened.map((each) => each.close()));
    });

    it("starts a new group at the end of the stream: earlier entries are not delivered", async () => {
      const stream = newStream("start");
      await queue.add(stream, [message(1)]);
      await queue.ensureGroup(stream, "g");
      expect(await readNow(stream, "g", "c")).toEqual([]);
      const [id] = await queue.add(stream, [message(2)]);
      expect(await readNow(stream, "g", "c")).toEqual([{ id, fields: message(2), deliveries: 1 }]);
    });

    it("ensureGroup is idempotent and does not move an existing group", async () => {
      const stream = newStream("idempotent");
      await queue.ensureGroup(stream, "g");
      await queue.ensureGroup(stream, "g");
      const [id] = await queue.add(stream, [message(1)]);
      await queue.ensureGroup(stream, "g");
      expect(ids(await readNow(stream, "g", "c"))).toEqual([id]);
    });

    it("adds, reads in order and acks", async () => {
      const stream = newStream("basic");
      await queue.ensureGroup(stream, "g");
      const added = await queue.add(stream, [message(1), message(2), message(3)]);
      expect(added).toHaveLength(3);
      for (const id of added) expect(id).toMatch(/^\d+-\d+$/);
      expect([...added].sort(compareIds)).toEqual(added);
      expect(new Set(added).size).toBe(3);

      const entries = await readNow(stream, "g", "c");
      expect(entries).toEqual(added.map((id, i) => ({ id, fields: message(i + 1), deliveries: 1 })));
      expect((await queue.groupInfo(stream, "g")).pending).toBe(3);
      await queue.ack(stream, "g", added);
      expect((await queue.groupInfo(stream, "g")).pending).toBe(0);
      expect(await readNow(stream, "g", "c")).toEqual([]);
      expect(await queue.add(stream, [])).toEqual([]);
    });

    it("shares a group's entries among its consumers, each entry delivered once", async () => {
      const stream = newStream("share");
      await queue.ensureGroup(stream, "g");
      const added = await queue.add(
        stream,
        Array.from({ length: 10 }, (_, i) => message(i)),
      );
      const first = await queue.read(stream, "g", "a", { count: 4, blockMs: 50 });
      const second = await queue.read(stream, "g", "b", { count: 100, blockMs: 50 });
      expect(first).toHaveLength(4);
      expect(second).toHaveLength(6);
      expect([...ids(first), ...ids(second)].sort(compareIds)).toEqual(added);
    });

    it("gives every group every entry", async () => {
      const stream = newStream("fan-out");
      await queue.ensureGroup(stream, "eu");
      await queue.ensureGroup(stream, "us");
      const added = await queue.add(stream, [message(1), message(2), message(3)]);
      expect(ids(await readNow(stream, "eu", "c"))).toEqual(added);
      expect(ids(await readNow(stream, "us", "c"))).toEqual(added);
    });

    it("wakes a blocked read as soon as an entry is added", async () => {
      const stream = newStream("wake");
      await queue.ensureGroup(stream, "g");
      const reading = queue.read(stream, "g", "sleeper", { count: 10, blockMs: 5_000 });
      await letReadBlock();
      const addedAt = Date.now();
      const [id] = await queue.add(stream, [message(1)]);
      expect(ids(await reading)).toEqual([id]);
      expect(Date.now() - addedAt).toBeLessThan(2_500);
    });

    it("returns [] when nothing arrives within blockMs", async () => {
      const stream = newStream("timeout");
      await queue.ensureGroup(stream, "g");
      const startedAt = Date.now();
      expect(await queue.read(stream, "g", "c", { count: 10, blockMs: 150 })).toEqual([]);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    });

    it("hands entries idle longer than minIdleMs to another consumer", async () => {
      const stream = newStream("claim");
      await queue.ensureGroup(stream, "g");
      const added = await queue.add(stream, [message(1), message(2)]);
      expect(ids(await readNow(stream, "g", "crashed"))).toEqual(added);
      expect(await queue.claimStale(stream, "g", "rescuer", 60_000, 10)).toEqual([]);
      expect(await queue.claimStale(stream, "g", "rescuer", 0, 0)).toEqual([]);

      const claimed = await claimWhenStale(() => queue.claimStale(stream, "g", "rescuer", 50, 10));
      expect(claimed).toEqual(added.map((id, i) => ({ id, fields: message(i + 1), deliveries: 2 })));
      const consumers = byName((await queue.groupInfo(stream, "g")).consumers);
      expect(consumers.map(({ name, pending }) => ({ name, pending }))).toEqual([
        { name: "crashed", pending: 0 },
        { name: "rescuer", pending: 2 },
      ]);
    });

    it("counts deliveries up on every reclaim", async () => {
      const stream = newStream("deliveries");
      await queue.ensureGroup(stream, "g");
      const [id] = await queue.add(stream, [message(1)]);
      expect(await readNow(stream, "g", "a")).toMatchObject([{ id, deliveries: 1 }]);
      expect(await claimWhenStale(() => queue.claimStale(stream, "g", "b", 50, 10))).toMatchObject([
        { id, deliveries: 2 },
      ]);
      expect(await claimWhenStale(() => queue.claimStale(stream, "g", "c", 50, 10))).toMatchObject([
        { id, deliveries: 3 },
      ]);
    });

    it("keeps touched entries from being claimed", async () => {
      const stream = newStream("touch");
      await queue.ensureGroup(stream, "g");
      const [untouched, touched] = await queue.add(stream, [message(1), message(2)]);
      if (!untouched || !touched) throw new Error("add returned too few ids");
      await readNow(stream, "g", "busy");
      // Both were delivered together; touching one right before each claim keeps it fresh while the other ages.
      const claimed = await claimWhenStale(async () => {
        await queue.touch(stream, "g", "busy", [touched]);
        return queue.claimStale(stream, "g", "thief", 100, 10);
      });
      expect(ids(claimed)).toEqual([untouched]);
      await queue.touch(stream, "g", "busy", [touched]);
      expect(await queue.claimStale(stream, "g", "thief", 100, 10)).toEqual([]);
      const consumers = byName((await queue.groupInfo(stream, "g")).consumers);
      expect(consumers.map(({ name, pending }) => ({ name, pending }))).toEqual([
        { name: "busy", pending: 1 },
        { name: "thief", pending: 1 },
      ]);
    });

    it("ackAndAdd acks the source entry and appends to the destination together", async () => {
      const jobs = newStream("jobs");
      const results = newStream("results");
      await queue.ensureGroup(jobs, "workers");
      await queue.ensureGroup(results, "ingesters");
      const [jobId] = await queue.add(jobs, [message(1)]);
      if (!jobId) throw new Error("add returned no id");
      await readNow(jobs, "workers", "w");

      await queue.ackAndAdd(
        { stream: jobs, group: "workers", id: jobId },
        { stream: results, fields: message(2) },
      );
      expect((await queue.groupInfo(jobs, "workers")).pending).toBe(0);
      expect(await queue.claimStale(jobs, "workers", "other", 0, 10)).toEqual([]);
      expect(await readNow(results, "ingesters", "i")).toMatchObject([{ fields: message(2), deliveries: 1 }]);

      // The trimming variant takes the same path.
      const [secondJob] = await queue.add(jobs, [message(3)]);
      if (!secondJob) throw new Error("add returned no id");
      await readNow(jobs, "workers", "w");
      await queue.ackAndAdd(
        { stream: jobs, group: "workers", id: secondJob },
        { stream: results, fields: message(4), maxLength: 1_000 },
      );
      expect((await queue.groupInfo(jobs, "workers")).pending).toBe(0);
      expect(await readNow(results, "ingesters", "i")).toMatchObject([{ fields: message(4) }]);
    });

    it("trims to about maxLength, and claiming a trimmed pending entry drops it quietly", async () => {
      const stream = newStream("trim");
      await queue.ensureGroup(stream, "g");
      await queue.add(stream, [message(0)]);
      expect(await readNow(stream, "g", "gone")).toHaveLength(1);
      for (let batch = 0; batch < 10; batch++) {
        await queue.add(
          stream,
          Array.from({ length: 100 }, (_, i) => message(batch * 100 + i + 1)),
          100,
        );
      }
      // Redis trims whole nodes of ~100 entries ("MAXLEN ~"): never below maxLength, well under what was added.
      const { length, pending } = await queue.groupInfo(stream, "g");
      expect(length).toBeGreaterThanOrEqual(100);
      expect(length).toBeLessThan(1_001);
      expect(pending).toBe(1);
      expect(await queue.claimStale(stream, "g", "rescuer", 0, 10)).toEqual([]);
      expect((await queue.groupInfo(stream, "g")).pending).toBe(0);
    });

    it("reports length, pending, lag and consumers, and zeros for what does not exist", async () => {
      const stream = newStream("info");
      const empty = { length: 0, pending: 0, lag: 0, consumers: [] };
      expect(await queue.groupInfo(newStream("missing"), "g")).toEqual(empty);
      const fresh = newStream("fresh");
      await queue.ensureGroup(fresh, "g");
      expect(await queue.groupInfo(fresh, "g")).toEqual(empty);
      // Entries from before the group count in its length, not its lag. (Redis 7.0 then cannot tell the lag
      // itself and reports nil, which the Redis queue must make up for.)
      await queue.add(stream, [message(-1), message(0)]);
      await queue.ensureGroup(stream, "g");
      expect(await queue.groupInfo(stream, "g")).toEqual({ ...empty, length: 2 });

      await queue.add(stream, [1, 2, 3, 4, 5].map(message));
      const [first] = await queue.read(stream, "g", "a", { count: 2, blockMs: 50 });
      await queue.read(stream, "g", "b", { count: 1, blockMs: 50 });
      if (!first) throw new Error("read returned nothing");
      await queue.ack(stream, "g", [first.id]);

      const info = await queue.groupInfo(stream, "g");
      expect({ ...info, consumers: byName(info.consumers) }).toEqual({
        length: 7,
        pending: 2,
        lag: 2,
        consumers: [
          { name: "a", pending: 1, idleMs: expect.any(Number) },
          { name: "b", pending: 1, idleMs: expect.any(Number) },
        ],
      });
      expect(await queue.groupInfo(stream, "other")).toEqual({ ...empty, length: 7 });
    });

    it("removes only consumers that are idle and hold no pending entries", async () => {
      const stream = newStream("idle");
      await queue.ensureGroup(stream, "g");
      await queue.add(stream, [message(1), message(2)]);
      const [done] = await queue.read(stream, "g", "finished", { count: 1, blockMs: 50 });
      if (!done) throw new Error("read returned nothing");
      await queue.ack(stream, "g", [done.id]);
      await queue.read(stream, "g", "holder", { count: 1, blockMs: 50 });

      expect(await queue.removeIdleConsumers(stream, "g", 60_000)).toEqual([]);
      const removed = await waitFor(
        async () => {
          const names = await queue.removeIdleConsumers(stream, "g", 50);
          return names.length > 0 ? names : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 10, message: "an idle consumer to be removed" },
      );
      expect(removed).toEqual(["finished"]);
      expect((await queue.groupInfo(stream, "g")).consumers.map((c) => c.name)).toEqual(["holder"]);
      expect(await queue.removeIdleConsumers(newStream("missing"), "g", 0)).toEqual([]);
    });

    it("expires heartbeats after their ttl", async () => {
      await queue.setHeartbeat("short-lived", { region: "eu", inFlight: 3 }, 150);
      await queue.setHeartbeat("long-lived", { region: "us", inFlight: 0 }, 60_000);
      const find = async (id: string) => (await queue.listHeartbeats()).find((beat) => beat.id === id);
      expect(await find("short-lived")).toEqual({ id: "short-lived", data: { region: "eu", inFlight: "3" } });

      await waitFor(async () => (await find("short-lived")) === undefined, {
        timeoutMs: 5_000,
        message: "the heartbeat to expire",
      });
      expect(await find("long-lived")).toEqual({ id: "long-lived", data: { region: "us", inFlight: "0" } });
    });

    it("answers ping, and close resolves blocked reads with []", async () => {
      const other = await openQueue();
      expect(await other.ping()).toBe(true);
      const stream = newStream("close");
      await other.ensureGroup(stream, "g");
      const reading = other.read(stream, "g", "blocked", { count: 1, blockMs: 5_000 });
      await letReadBlock();
      const closedAt = Date.now();
      await other.close();
      expect(await reading).toEqual([]);
      expect(Date.now() - closedAt).toBeLessThan(2_500);
      expect(await other.ping()).toBe(false);
    });

    it("recreates a group lost with its stream (Redis restarted without persistence)", async ({ skip }) => {
      if (queue.kind !== "redis") skip("only Redis can lose a group");
      const stream = newStream("lost");
      await queue.ensureGroup(stream, "g");
      await queue.add(stream, [message(1)]);
      await readNow(stream, "g", "c");
      const raw = new Redis(testRedisUrl);
      try {
        await raw.del(stream);
      } finally {
        raw.disconnect();
      }
      expect(await queue.claimStale(stream, "g", "c", 0, 10)).toEqual([]);
      expect(await readNow(stream, "g", "c")).toEqual([]);
      const [id] = await queue.add(stream, [message(2)]);
      expect(await readNow(stream, "g", "c")).toEqual([{ id, fields: message(2), deliveries: 1 }]);
    });
  });
}
