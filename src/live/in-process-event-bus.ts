import type { BaseLogger } from "pino";
import type { EventBus } from "./event-bus.js";
import { createLocalFanout } from "./local-fanout.js";

/** The bus of one process (`vigil start` without REDIS_URL): an EventEmitter. */
export function createInProcessEventBus(logger: Pick<BaseLogger, "error">): EventBus {
  const fanout = createLocalFanout(logger);
  let closed = false;
  return {
    kind: "in-process",
    publish(events) {
      if (closed || events.length === 0) return;
      // Delivered on a later turn: the publisher (the ingester's loop, a request) never runs stream writes itself.
      setImmediate(() => fanout.deliver(events));
    },
    subscribe: fanout.subscribe,
    ready: async () => undefined,
    async close() {
      closed = true;
      fanout.clear();
    },
  };
}
