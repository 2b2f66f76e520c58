import type { Logger } from "pino";
import { connectRedis, quitOrDisconnect } from "../queue/redis-connection.js";
import type { EventBus } from "./event-bus.js";
import { type LiveEvent, liveEventSchema } from "./live-events.js";
import { createLocalFanout } from "./local-fanout.js";

export type RedisEventBusOptions = { url: string; prefix: string; logger: Logger };

/**
 * `{prefix}:live`: a pub/sub channel (no key, nothing stored). Each message is a JSON array of LiveEvent envelopes
 * (userId, type, data), published after the writer's transaction committed; every process running the API
 * subscribes once and hands each event to its own streams of that user. At most once: nobody acks.
 */
export const liveChannel = (prefix: string) => `${prefix}:live`;

/** Large ingest batches are split, so one message stays well under a megabyte. */
const maxEventsPerMessage = 500;
const resubscribeMaxMs = 5_000;

/** Each envelope is checked on its own: one this version does not know (a newer publisher's) is skipped alone. */
function decodeMessage(message: string, logger: Logger): LiveEvent[] {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch (err) {
    logger.warn({ err }, "dropping a live message that is not JSON");
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const events: LiveEvent[] = [];
  for (const item of raw) {
    const parsed = liveEventSchema.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else logger.debug({ issues: parsed.error.issues }, "skipping an unknown live event");
  }
  return events;
}

/**
 * Redis pub/sub: a publisher connection (commands) and one subscriber connection per process. ioredis
 * resubscribes after a reconnect; events published while a connection is down are lost, by design.
 */
export function createRedisEventBus({ url, prefix, logger }: RedisEventBusOptions): EventBus {
  const channel = liveChannel(prefix);
  const { client: publisher, duplicate } = connectRedis(url, logger);
  const subscriber = duplicate("live subscriber");
  const fanout = createLocalFanout(logger);
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  /** Until the first connection, publishes wait in ioredis' offline queue; after it, an outage drops them. */
  let connectedOnce = false;
  let publishFailing = false;
  publisher.once("ready", () => {
    connectedOnce = true;
  });

  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    const events = decodeMessage(message, logger);
    if (events.length > 0) fanout.deliver(events);
  });

  /** ioredis replays a subscription after reconnects, but only one that succeeded once: retried until then. */
  const subscribed = new Promise<void>((resolve) => {
    const attempt = (delayMs: number) => {
      if (closed) return resolve();
      subscriber.subscribe(channel).then(
        () => {
          logger.info({ channel }, "live events subscribed");
          resolve();
        },
        (err: unknown) => {
          if (closed) return resolve();
          logger.warn({ err, retryInMs: delayMs }, "live events: subscribing failed; retrying");
          retryTimer = setTimeout(() => attempt(Math.min(delayMs * 2, resubscribeMaxMs)), delayMs);
          retryTimer.unref();
        },
      );
    };
    attempt(200);
  });

  function failed(err: unknown): void {
    // One warning per outage, not one per batch.
    if (publishFailing) logger.debug({ err }, "live events: publish still failing");
    else logger.warn({ err }, "live events: publish failed; live updates are lost until Redis answers");
    publishFailing = true;
  }

  return {
    kind: "redis",
    publish(events) {
      if (closed || events.length === 0) return;
      if (connectedOnce && publisher.status !== "ready")
        return failed(new Error(`redis ${publisher.status}`));
      try {
        for (let i = 0; i < events.length; i += maxEventsPerMessage) {
          const message = JSON.stringify(events.slice(i, i + maxEventsPerMessage));
          publisher.publish(channel, message).then(() => {
            publishFailing = false;
          }, failed);
        }
      } catch (err) {
        failed(err);
      }
    },
    subscribe: fanout.subscribe,
    ready: () => subscribed,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      fanout.clear();
      await Promise.all([quitOrDisconnect(subscriber), quitOrDisconnect(publisher)]);
    },
  };
}
