import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { connectRedis, quitOrDisconnect, timedOut, withTimeout } from "./redis-connection.js";
import {
  asInteger,
  asString,
  commandResults,
  flattenFields,
  isReplyError,
  parseAutoClaimReply,
  parseConsumersInfo,
  parseGroupsInfo,
  parseHeartbeat,
  parsePendingDeliveries,
  parseReadGroupReply,
  type RawEntry,
} from "./redis-replies.js";
import type { StreamEntry, StreamQueue } from "./stream-queue.js";

export type RedisStreamsQueueOptions = { url: string; prefix: string; logger?: Logger };

const pingTimeoutMs = 1_000;
/** A blocking read that outlives its BLOCK by this much sits on a dead connection: drop it and reconnect. */
const readGraceMs = 10_000;
/** Lag is counted entry by entry only when Redis cannot tell it; past this bound it is reported as the bound. */
const lagCountLimit = 10_000;

// Counts inside Redis, so only a number crosses the network.
const countAfterScript = `return #redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])`;

// Check and delete in one step: a consumer that takes an entry between a separate check and DELCONSUMER would
// lose that entry from the pending list for good.
const removeIdleScript = `
local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if consumers.err then return {} end
local removed = {}
for _, consumer in ipairs(consumers) do
  local info = {}
  for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
  if info['pending'] == 0 and info['idle'] > tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
    table.insert(removed, info['name'])
  end
end
return removed`;

/** SCAN MATCH treats these as pattern syntax; a prefix must match literally. */
const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

const xaddArgs = (stream: string, fields: Record<string, string>, maxLength: number | undefined) => [
  stream,
  ...(maxLength === undefined ? [] : ["MAXLEN", "~", maxLength]),
  "*",
  ...flattenFields(fields),
];

export function createRedisStreamsQueue(options: RedisStreamsQueueOptions): StreamQueue {
  const { logger, prefix } = options;
  const { client, duplicate, target } = connectRedis(options.url, logger);
  /** Blocking reads get a connection per consumer: a BLOCK holds its connection until it returns. */
  const readers = new Map<string, Redis>();
  let closed = false;

  function readerFor(stream: string, group: string, consumer: string): Redis {
    if (closed) throw new Error("queue is closed");
    const key = JSON.stringify([stream, group, consumer]);
    let reader = readers.get(key);
    if (!reader) {
      reader = duplicate(`reader ${consumer}`);
      readers.set(key, reader);
    }
    return reader;
  }

  function dropReader(reader: Redis): void {
    for (const [key, value] of readers) if (value === reader) readers.delete(key);
    reader.disconnect();
  }

  async function createGroup(stream: string, group: string): Promise<void> {
    try {
      await client.call("XGROUP", "CREATE", stream, group, "$", "MKSTREAM");
    } catch (err) {
      if (!isReplyError(err, "BUSYGROUP")) throw err;
    }
  }

  /** Concurrent reads of one consumer queue behind each other on its connection (Redis serves them in order). */
  async function readOnce(stream: string, group: string, consumer: string, count: number, blockMs: number) {
    // BLOCK 0 means "forever" to Redis; a non-positive blockMs means "don't wait" here.
    const block = blockMs > 0 ? ["BLOCK", blockMs] : [];
    const args = ["GROUP", group, consumer, "COUNT", count, ...block, "STREAMS", stream, ">"];
    if (blockMs <= 0) return parseReadGroupReply(await client.call("XREADGROUP", ...args));
    const reader = readerFor(stream, group, consumer);
    const reply = await withTimeout(reader.call("XREADGROUP", ...args), blockMs + readGraceMs);
    if (reply === timedOut) {
      dropReader(reader);
      throw new Error(`XREADGROUP on ${stream} did not return within ${blockMs + readGraceMs} ms`);
    }
    return parseReadGroupReply(reply);
  }

  async function deliveriesOf(stream: string, group: string, ids: string[]): Promise<Map<string, number>> {
    const batch = client.pipeline();
    for (const id of ids) batch.call("XPENDING", stream, group, id, id, 1);
    const replies = commandResults(await batch.exec(), "XPENDING");
    const counts = new Map<string, number>();
    ids.forEach((id, i) => {
      const count = parsePendingDeliveries(replies[i], id);
      if (count !== undefined) counts.set(id, count);
    });
    return counts;
  }

  const present = (entries: RawEntry[]) =>
    entries.flatMap((entry) => (entry.fields ? [{ id: entry.id, fields: entry.fields }] : []));

  const queue: StreamQueue = {
    kind: "redis",

    ensureGroup: createGroup,

    async add(stream, messages, maxLength) {
      if (messages.length === 0) return [];
      const batch = client.pipeline();
      for (const fields of messages) batch.call("XADD", ...xaddArgs(stream, fields, maxLength));
      const ids = commandResults(await batch.exec(), "XADD");
      return ids.map((id) => asString(id, "XADD id"));
    },

    async read(stream, group, consumer, { count, blockMs }) {
      const readFresh = async () =>
        present(await readOnce(stream, group, consumer, count, blockMs)).map((e) => ({
          ...e,
          deliveries: 1,
        }));
      try {
        try {
          return await readFresh();
        } catch (err) {
          if (!isReplyError(err, "NOGROUP")) throw err;
          logger?.warn(
            { stream, group },
            "consumer group lost (Redis restarted without persistence?): recreating",
          );
          await createGroup(stream, group);
          return await readFresh();
        }
      } catch (err) {
        // close() cuts blocked readers off; their callers get the same [] as a timeout.
        if (closed) return [];
        throw err;
      }
    },

    async ack(stream, group, ids) {
      if (ids.length > 0) await client.call("XACK", stream, group, ...ids);
    },

    async claimStale(stream, group, consumer, minIdleMs, count) {
      const claimed: Omit<StreamEntry, "deliveries">[] = [];
      let cursor = "0-0";
      try {
        while (claimed.length < count) {
          const reply = parseAutoClaimReply(
            await client.call(
              "XAUTOCLAIM",
              stream,
              group,
              consumer,
              minIdleMs,
              cursor,
              "COUNT",
              count - claimed.length,
            ),
          );
          // Entries trimmed away since delivery cannot be processed: ack them so they stop counting as pending.
          const gone = [
            ...reply.deletedIds,
            ...reply.entries.filter((entry) => !entry.fields).map((e) => e.id),
          ];
          if (gone.length > 0) await client.call("XACK", stream, group, ...gone);
          claimed.push(...present(reply.entries));
          cursor = reply.cursor;
          if (cursor === "0-0") break;
        }
      } catch (err) {
        // No group means no pending entries; read() recreates the group.
        if (isReplyError(err, "NOGROUP")) return [];
        throw err;
      }
      if (claimed.length === 0) return [];
      // XAUTOCLAIM does not report delivery counts; when XPENDING has lost track, "at least 2" is still true.
      const counts = await deliveriesOf(
        stream,
        group,
        claimed.map((entry) => entry.id),
      );
      return claimed.map((entry) => ({ ...entry, deliveries: counts.get(entry.id) ?? 2 }));
    },

    async touch(stream, group, consumer, ids) {
      if (ids.length === 0) return;
      try {
        // Claiming with min-idle 0 resets the idle time; JUSTID leaves the delivery count alone.
        await client.call("XCLAIM", stream, group, consumer, 0, ...ids, "JUSTID");
      } catch (err) {
        if (!isReplyError(err, "NOGROUP")) throw err;
      }
    },

    async ackAndAdd(from, to) {
      // MULTI runs both or, when one is refused up front (e.g. OOM), neither; errors at run time are thrown.
      const transaction = client
        .multi()
        .call("XADD", ...xaddArgs(to.stream, to.fields, to.maxLength))
        .call("XACK", from.stream, from.group, from.id);
      commandResults(await transaction.exec(), "ackAndAdd");
    },

    async groupInfo(stream, group) {
      const replies = await client
        .pipeline()
        .call("XINFO", "GROUPS", stream)
        .call("XLEN", stream)
        .call("XINFO", "CONSUMERS", stream, group)
        .exec();
      const [groups, length, consumers] = replies ?? [];
      if (!groups || !length || !consumers) throw new Error("groupInfo: pipeline returned no replies");
      if (isReplyError(groups[0], "ERR no such key")) return { length: 0, pending: 0, lag: 0, consumers: [] };
      if (groups[0]) throw groups[0];
      if (length[0]) throw length[0];
      const streamLength = asInteger(length[1], "XLEN");
      const info = parseGroupsInfo(groups[1]).find((candidate) => candidate.name === group);
      if (!info || isReplyError(consumers[0], "NOGROUP")) {
        return { length: streamLength, pending: 0, lag: 0, consumers: [] };
      }
      if (consumers[0]) throw consumers[0];
      // Redis 7 reports lag unless entries were deleted out of order; then count what follows the group.
      const lag =
        info.lag ??
        asInteger(
          await client.eval(countAfterScript, 1, stream, info.lastDeliveredId, lagCountLimit),
          "lag count",
        );
      return {
        length: streamLength,
        pending: info.pending,
        lag: Math.min(lag, streamLength),
        consumers: parseConsumersInfo(consumers[1]),
      };
    },

    async removeIdleConsumers(stream, group, maxIdleMs) {
      const removed = await client.eval(removeIdleScript, 1, stream, group, maxIdleMs);
      return Array.isArray(removed) ? removed.map((name) => asString(name, "consumer name")) : [];
    },

    async setHeartbeat(id, data, ttlMs) {
      await client.set(`${prefix}:heartbeats:${id}`, JSON.stringify(data), "PX", ttlMs);
    },

    async listHeartbeats() {
      const keyPrefix = `${prefix}:heartbeats:`;
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await client.scan(cursor, "MATCH", `${escapeGlob(keyPrefix)}*`, "COUNT", 200);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== "0");
      const unique = [...new Set(keys)];
      if (unique.length === 0) return [];
      const values = await client.mget(unique);
      return unique.flatMap((key, i) => {
        // Expired between SCAN and MGET, or not ours: skipped.
        const data = parseHeartbeat(values[i] ?? null);
        return data ? [{ id: key.slice(keyPrefix.length), data }] : [];
      });
    },

    async ping() {
      try {
        return (await withTimeout(client.ping(), pingTimeoutMs)) === "PONG";
      } catch (err) {
        logger?.debug(
          { redis: target, err: err instanceof Error ? err.message : String(err) },
          "redis ping failed",
        );
        return false;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      // A blocked reader would process QUIT only after its BLOCK ends: cut it off; its read() resolves [].
      for (const reader of readers.values()) reader.disconnect();
      readers.clear();
      await quitOrDisconnect(client);
    },
  };
  return queue;
}
