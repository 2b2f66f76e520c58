import { EventEmitter } from "node:events";
import type { BaseLogger } from "pino";
import type { LiveListener } from "./event-bus.js";
import type { LiveEvent } from "./live-events.js";

/**
 * This process's subscribers, by user: both buses end in one. Each subscriber gets the events of one publish as
 * one array, so a stream writes a batch as one chunk. A listener that throws is logged and does not stop the
 * others.
 */
export function createLocalFanout(logger: Pick<BaseLogger, "error">) {
  const emitter = new EventEmitter();
  // One listener per open stream: many per user is normal, not a leak.
  emitter.setMaxListeners(0);
  // Prefixed, so no user id can collide with the emitter's special "error" event.
  const key = (userId: string) => `user:${userId}`;

  return {
    deliver(events: LiveEvent[]): void {
      const byUser = new Map<string, LiveEvent[]>();
      for (const event of events) {
        const list = byUser.get(event.userId);
        if (list) list.push(event);
        else byUser.set(event.userId, [event]);
      }
      for (const [userId, list] of byUser) emitter.emit(key(userId), list);
    },

    subscribe(userId: string, listener: LiveListener): () => void {
      const safe = (events: LiveEvent[]) => {
        try {
          listener(events);
        } catch (err) {
          logger.error({ err }, "live event listener failed");
        }
      };
      emitter.on(key(userId), safe);
      return () => emitter.off(key(userId), safe);
    },

    clear(): void {
      emitter.removeAllListeners();
    },
  };
}
