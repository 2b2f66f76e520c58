import type { GroupInfo, StreamEntry, StreamQueue } from "./stream-queue.js";

/**
 * The queue of the embedded single-process default (`vigil start` without REDIS_URL), keeping the semantics of
 * the Redis Streams queue (see stream-queue.ts) so roles never know which one they have. Nothing survives a
 * restart; that is acceptable because the embedded mode runs every role in this one process.
 */
export type InProcessQueueOptions = { now?: () => number };

type Id = { ms: number; seq: number };
type Entry = { id: string; key: Id; fields: Record<string, string>; addedAt: number };
type Pending = { consumer: string; deliveredAt: number; deliveries: number };
type Group = {
  lastDelivered: Id;
  /** In id order: fresh deliveries arrive in id order and reclaims update in place, like Redis' PEL. */
  pending: Map<string, Pending>;
  /** Consumer name → when it last read, claimed or touched. */
  consumers: Map<string, number>;
};
type Stream = { entries: Entry[]; last: Id; groups: Map<string, Group>; waiters: Set<() => void> };

const compareIds = (a: Id, b: Id) => a.ms - b.ms || a.seq - b.seq;

function parseId(id: string): Id {
  const [ms, seq] = id.split("-").map(Number);
  return { ms: ms ?? 0, seq: seq ?? 0 };
}

/** Index of the first entry whose id is greater than `id` (entries are sorted by id). */
function indexAfter(entries: Entry[], id: Id): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const entry = entries[middle];
    if (entry && compareIds(entry.key, id) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function findEntry(entries: Entry[], id: string): Entry | undefined {
  const key = parseId(id);
  const candidate = entries[indexAfter(entries, key) - 1];
  return candidate && compareIds(candidate.key, key) === 0 ? candidate : undefined;
}

export function createInProcessQueue(options: InProcessQueueOptions = {}): StreamQueue {
  const now = options.now ?? Date.now;
  const streams = new Map<string, Stream>();
  const heartbeats = new Map<string, { data: Record<string, string>; expiresAt: number }>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error("queue is closed");
  }

  function streamFor(name: string): Stream {
    let stream = streams.get(name);
    if (!stream) {
      stream = { entries: [], last: { ms: 0, seq: 0 }, groups: new Map(), waiters: new Set() };
      streams.set(name, stream);
    }
    return stream;
  }

  /** Like XGROUP CREATE ... $ MKSTREAM: a new group starts after the last entry. */
  function groupFor(streamName: string, name: string): Group {
    const stream = streamFor(streamName);
    let group = stream.groups.get(name);
    if (!group) {
      group = { lastDelivered: { ...stream.last }, pending: new Map(), consumers: new Map() };
      stream.groups.set(name, group);
    }
    return group;
  }

  const existingGroup = (stream: string, group: string) => streams.get(stream)?.groups.get(group);

  function append(name: string, messages: Record<string, string>[], maxLength: number | undefined): string[] {
    const stream = streamFor(name);
    const ids = messages.map((fields) => {
      const addedAt = now();
      // Ids keep increasing even if the clock steps back, like Redis' "<ms>-<seq>".
      const ms = Math.max(addedAt, stream.last.ms);
      const key = { ms, seq: ms === stream.last.ms ? stream.last.seq + 1 : 0 };
      const id = `${key.ms}-${key.seq}`;
      stream.entries.push({ id, key, fields: { ...fields }, addedAt });
      stream.last = key;
      return id;
    });
    if (maxLength !== undefined && stream.entries.length > maxLength) {
      stream.entries.splice(0, stream.entries.length - Math.max(0, maxLength));
    }
    if (ids.length > 0) for (const wake of [...stream.waiters]) wake();
    return ids;
  }

  function deliver(streamName: string, groupName: string, consumer: string, count: number): StreamEntry[] {
    // A missing group is recreated at the end, as the Redis queue does after NOGROUP.
    const group = groupFor(streamName, groupName);
    const stream = streamFor(streamName);
    const at = now();
    group.consumers.set(consumer, at);
    const start = indexAfter(stream.entries, group.lastDelivered);
    const taken = stream.entries.slice(start, start + Math.max(0, count));
    for (const entry of taken) {
      group.pending.set(entry.id, { consumer, deliveredAt: at, deliveries: 1 });
      group.lastDelivered = entry.key;
    }
    return taken.map((entry) => ({ id: entry.id, fields: { ...entry.fields }, deliveries: 1 }));
  }

  /** Resolves true when an entry is added to the stream (or the queue closes), false after timeoutMs. */
  function nextAdd(stream: Stream, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (added: boolean) => {
        clearTimeout(timer);
        stream.waiters.delete(wake);
        resolve(added);
      };
      const wake = () => finish(true);
      const timer = setTimeout(finish, timeoutMs, false);
      stream.waiters.add(wake);
    });
  }

  function ackSync(stream: string, group: string, ids: string[]): void {
    const pending = existingGroup(stream, group)?.pending;
    for (const id of ids) pending?.delete(id);
  }

  const queue: StreamQueue = {
    kind: "in-process",

    async ensureGroup(stream, group) {
      assertOpen();
      groupFor(stream, group);
    },

    async add(stream, messages, maxLength) {
      assertOpen();
      return append(stream, messages, maxLength);
    },

    async read(stream, group, consumer, { count, blockMs }) {
      assertOpen();
      // Blocking follows the real clock even when `now` is faked: it is a timeout, not queue state.
      const deadline = Date.now() + blockMs;
      for (;;) {
        const entries = deliver(stream, group, consumer, count);
        if (entries.length > 0) return entries;
        const remainingMs = deadline - Date.now();
        if (remainingMs <= 0) return [];
        // Another consumer may take what woke us; then wait for the rest of the time.
        const added = await nextAdd(streamFor(stream), remainingMs);
        if (closed || !added) return [];
      }
    },

    async ack(stream, group, ids) {
      assertOpen();
      ackSync(stream, group, ids);
    },

    async claimStale(streamName, groupName, consumer, minIdleMs, count) {
      assertOpen();
      const group = existingGroup(streamName, groupName);
      const stream = streams.get(streamName);
      if (!group || !stream || count <= 0) return [];
      const at = now();
      group.consumers.set(consumer, at);
      const claimed: StreamEntry[] = [];
      for (const [id, pending] of group.pending) {
        if (claimed.length >= count) break;
        if (at - pending.deliveredAt < minIdleMs) continue;
        const entry = findEntry(stream.entries, id);
        // Trimmed since delivery: dropped from pending, as Redis does with XAUTOCLAIM's deleted ids.
        if (!entry) {
          group.pending.delete(id);
          continue;
        }
        pending.consumer = consumer;
        pending.deliveredAt = at;
        pending.deliveries += 1;
        claimed.push({ id, fields: { ...entry.fields }, deliveries: pending.deliveries });
      }
      return claimed;
    },

    async touch(stream, groupName, consumer, ids) {
      assertOpen();
      const group = existingGroup(stream, groupName);
      if (!group) return;
      const at = now();
      group.consumers.set(consumer, at);
      for (const id of ids) {
        const pending = group.pending.get(id);
        // Like XCLAIM with min-idle 0: the caller owns the entry afterwards, delivery count unchanged.
        if (pending) Object.assign(pending, { consumer, deliveredAt: at });
      }
    },

    async ackAndAdd(from, to) {
      assertOpen();
      // Both run synchronously, so nothing can observe one without the other.
      append(to.stream, [to.fields], to.maxLength);
      ackSync(from.stream, from.group, [from.id]);
    },

    async groupInfo(streamName, groupName) {
      assertOpen();
      const stream = streams.get(streamName);
      if (!stream) return { length: 0, pending: 0, lag: 0, consumers: [] };
      const group = stream.groups.get(groupName);
      if (!group) return { length: stream.entries.length, pending: 0, lag: 0, consumers: [] };
      const pendingBy = new Map<string, number>();
      for (const { consumer } of group.pending.values()) {
        pendingBy.set(consumer, (pendingBy.get(consumer) ?? 0) + 1);
      }
      const at = now();
      const info: GroupInfo = {
        length: stream.entries.length,
        pending: group.pending.size,
        lag: stream.entries.length - indexAfter(stream.entries, group.lastDelivered),
        consumers: [...group.consumers].map(([name, seenAt]) => ({
          name,
          pending: pendingBy.get(name) ?? 0,
          idleMs: Math.max(0, at - seenAt),
        })),
      };
      return info;
    },

    async removeIdleConsumers(stream, groupName, maxIdleMs) {
      assertOpen();
      const group = existingGroup(stream, groupName);
      if (!group) return [];
      const busy = new Set([...group.pending.values()].map((pending) => pending.consumer));
      const at = now();
      const removed = [...group.consumers]
        .filter(([name, seenAt]) => at - seenAt > maxIdleMs && !busy.has(name))
        .map(([name]) => name);
      for (const name of removed) group.consumers.delete(name);
      return removed;
    },

    async setHeartbeat(id, data, ttlMs) {
      assertOpen();
      const fields = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, String(value)]));
      heartbeats.set(id, { data: fields, expiresAt: now() + ttlMs });
    },

    async listHeartbeats() {
      assertOpen();
      const at = now();
      const live: { id: string; data: Record<string, string> }[] = [];
      for (const [id, heartbeat] of heartbeats) {
        if (heartbeat.expiresAt <= at) heartbeats.delete(id);
        else live.push({ id, data: { ...heartbeat.data } });
      }
      return live;
    },

    async ping() {
      return !closed;
    },

    async close() {
      closed = true;
      // Blocked reads resolve [] now rather than at the end of their block.
      for (const stream of streams.values()) for (const wake of [...stream.waiters]) wake();
    },
  };
  return queue;
}
