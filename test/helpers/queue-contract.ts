import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamEntry, StreamQueue } from "../../src/queue/stream-queue.js";
import { waitFor } from "./wait-for.js";

const message = (n: number) => ({ m: JSON.stringify({ n }) });
const messages = (count: number, from = 1) => Array.from({ length: count }, (_, i) => message(from + i));
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

/** Polls until `poll` returns something: claims and idle removals act only once enough time has passed. */
function untilSome<T>(poll: () => Promise<T[]>, what: string): Promise<T[]> {
  return waitFor(
    async () => {
      const found = await poll();
      return found.length > 0 ? found : undefined;
    },
    { timeoutMs: 5_000, intervalMs: 10, message: what },
  );
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
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
    const readNow = (stream: string, group: string, consumer: string, count = 100) =>
      queue.read(stream, group, consumer, { count, blockMs: 50 });
    const withGroup = async (label: string) => {
      const stream = newStream(label);
      await queue.ensureGroup(stream, "g");
      return stream;
    };
    const pendingByConsumer = async (stream: string) =>
      byName((await queue.groupInfo(stream, "g")).consumers).map(({ name, pending }) => ({ name, pending }));
    const claimWhenStale = (stream: string, consumer: string, minIdleMs = 50) =>
      untilSome(() => queue.claimStale(stream, "g", consumer, minIdleMs, 10), "entries to become claimable");

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
      const stream = await withGroup("basic");
      const added = await queue.add(stream, messages(3));
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
      const stream = await withGroup("share");
      const added = await queue.add(stream, messages(10));
      const first = await readNow(stream, "g", "a", 4);
      const second = await readNow(stream, "g", "b");
      expect(first).toHaveLength(4);
      expect(second).toHaveLength(6);
      expect([...ids(first), ...ids(second)].sort(compareIds)).toEqual(added);
    });

    it("gives every group every entry", async () => {
      const stream = newStream("fan-out");
      await queue.ensureGroup(stream, "eu");
      await queue.ensureGroup(stream, "us");
      const added = await queue.add(stream, messages(3));
      expect(ids(await readNow(stream, "eu", "c"))).toEqual(added);
      expect(ids(await readNow(stream, "us", "c"))).toEqual(added);
    });

    it("wakes a blocked read as soon as an entry is added", async () => {
      const stream = await withGroup("wake");
      const reading = queue.read(stream, "g", "sleeper", { count: 10, blockMs: 5_000 });
      await letReadBlock();
      const addedAt = Date.now();
      const [id] = await queue.add(stream, [message(1)]);
      expect(ids(await reading)).toEqual([id]);
      expect(Date.now() - addedAt).toBeLessThan(2_500);
    });

    it("returns [] when nothing arrives within blockMs", async () => {
      const stream = await withGroup("timeout");
      const startedAt = Date.now();
      expect(await queue.read(stream, "g", "c", { count: 10, blockMs: 150 })).toEqual([]);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    });

    it("hands entries idle longer than minIdleMs to another consumer", async () => {
      const stream = await withGroup("claim");
      const added = await queue.add(stream, messages(2));
      expect(ids(await readNow(stream, "g", "crashed"))).toEqual(added);
      expect(await queue.claimStale(stream, "g", "rescuer", 60_000, 10)).toEqual([]);
      expect(await queue.claimStale(stream, "g", "rescuer", 0, 0)).toEqual([]);

      const claimed = await claimWhenStale(stream, "rescuer");
      expect(claimed).toEqual(added.map((id, i) => ({ id, fields: message(i + 1), deliveries: 2 })));
      expect(await pendingByConsumer(stream)).toEqual([
        { name: "crashed", pending: 0 },
        { name: "rescuer", pending: 2 },
      ]);
    });

    it("counts deliveries up on every reclaim", async () => {
      const stream = await withGroup("deliveries");
      const [id] = await queue.add(stream, [message(1)]);
      expect(await readNow(stream, "g", "a")).toMatchObject([{ id, deliveries: 1 }]);
      expect(await claimWhenStale(stream, "b")).toMatchObject([{ id, deliveries: 2 }]);
      expect(await claimWhenStale(stream, "c")).toMatchObject([{ id, deliveries: 3 }]);
    });

    it("keeps touched entries from being claimed", async () => {
      const stream = await withGroup("touch");
      const [untouched, touched] = await queue.add(stream, messages(2));
      await readNow(stream, "g", "busy");
      // Both were delivered together; touching one right before each claim keeps it fresh while the other ages.
      const touchThenClaim = async () => {
        await queue.touch(stream, "g", "busy", [must(touched)]);
        return queue.claimStale(stream, "g", "thief", 100, 10);
      };
      expect(ids(await untilSome(touchThenClaim, "the untouched entry to be claimed"))).toEqual([untouched]);
      expect(await touchThenClaim()).toEqual([]);
      expect(await pendingByConsumer(stream)).toEqual([
        { name: "busy", pending: 1 },
        { name: "thief", pending: 1 },
      ]);
    });

    it("ackAndAdd acks the source entry and appends to the destination together", async () => {
      const jobs = newStream("jobs");
      const results = newStream("results");
      await queue.ensureGroup(jobs, "workers");
      await queue.ensureGroup(results, "ingesters");
      const jobId = must((await queue.add(jobs, [message(1)]))[0]);
      await readNow(jobs, "workers", "w");

      await queue.ackAndAdd(
        { stream: jobs, group: "workers", id: jobId },
        { stream: results, fields: message(2) },
      );
      expect((await queue.groupInfo(jobs, "workers")).pending).toBe(0);
      expect(await queue.claimStale(jobs, "workers", "other", 0, 10)).toEqual([]);
      expect(await readNow(results, "ingesters", "i")).toMatchObject([{ fields: message(2), deliveries: 1 }]);

      // The trimming variant takes the same path.
      const secondJob = must((await queue.add(jobs, [message(3)]))[0]);
      await readNow(jobs, "workers", "w");
      await queue.ackAndAdd(
        { stream: jobs, group: "workers", id: secondJob },
        { stream: results, fields: message(4), maxLength: 1_000 },
      );
      expect((await queue.groupInfo(jobs, "workers")).pending).toBe(0);
      expect(await readNow(results, "ingesters", "i")).toMatchObject([{ fields: message(4) }]);
    });

    it("trims to about maxLength, and claiming a trimmed pending entry drops it quietly", async () => {
      const stream = await withGroup("trim");
      await queue.add(stream, [message(0)]);
      expect(await readNow(stream, "g", "gone")).toHaveLength(1);
      for (let batch = 0; batch < 10; batch++) {
        await queue.add(stream, messages(100, batch * 100 + 1), 100);
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

      await queue.add(stream, messages(5));
      const [first] = await readNow(stream, "g", "a", 2);
      await readNow(stream, "g", "b", 1);
      await queue.ack(stream, "g", [must(first).id]);

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
      const stream = await withGroup("idle");
      await queue.add(stream, messages(2));
      const [done] = await readNow(stream, "g", "finished", 1);
      await queue.ack(stream, "g", [must(done).id]);
      await readNow(stream, "g", "holder", 1);

      expect(await queue.removeIdleConsumers(stream, "g", 60_000)).toEqual([]);
      const removeIdle = () => queue.removeIdleConsumers(stream, "g", 50);
      expect(await untilSome(removeIdle, "an idle consumer to be removed")).toEqual(["finished"]);
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
  });
}
