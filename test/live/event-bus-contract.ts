import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventBus } from "../../src/live/event-bus.js";
import type { LiveEvent } from "../../src/live/live-events.js";
import { waitFor } from "../helpers/wait-for.js";

export const changed = (userId: string, monitorId = randomUUID()): LiveEvent => ({
  userId,
  type: "monitor-changed",
  data: { monitorId, change: "updated" },
});

/** Collects what a subscription receives, batch by batch. */
export function recorder(bus: EventBus, userId: string) {
  const batches: LiveEvent[][] = [];
  const unsubscribe = bus.subscribe(userId, (events) => void batches.push(events));
  const events = () => batches.flat();
  return {
    batches,
    events,
    unsubscribe,
    /** Waits until an event about monitorId arrived: the marker that everything published before it did too. */
    waitFor: (monitorId: string) =>
      waitFor(() => events().some((e) => e.data.monitorId === monitorId), { message: `event ${monitorId}` }),
  };
}

/**
 * The EventBus contract, run against the in-process bus and Redis pub/sub. `make` returns a fresh bus; the suite
 * closes it. "Nothing arrived" is judged by a marker published after: one publisher delivers in order.
 */
export function runEventBusContract(name: string, make: () => Promise<EventBus>): void {
  describe(`${name} event bus`, () => {
    let bus: EventBus;
    beforeAll(async () => {
      bus = await make();
      await bus.ready();
    });
    afterAll(() => bus.close());

    it("delivers each publish to every subscriber of the event's user, as one batch in order, and no one else", async () => {
      const [ada, bob] = [randomUUID(), randomUUID()];
      const adaFirst = recorder(bus, ada);
      const adaSecond = recorder(bus, ada);
      const bobs = recorder(bus, bob);
      const events = [changed(ada), changed(bob), changed(ada)];
      bus.publish(events);
      const bobMarker = changed(bob);
      bus.publish([bobMarker]);
      await bobs.waitFor(bobMarker.data.monitorId);
      for (const r of [adaFirst, adaSecond]) {
        await r.waitFor(events[2]?.data.monitorId ?? "");
        expect(r.batches).toEqual([[events[0], events[2]]]);
      }
      expect(bobs.batches).toEqual([[events[1]], [bobMarker]]);
      for (const r of [adaFirst, adaSecond, bobs]) r.unsubscribe();
    });

    it("returns from publish before delivering: the publisher never runs the subscribers", () => {
      const user = randomUUID();
      const r = recorder(bus, user);
      bus.publish([changed(user)]);
      expect(r.events()).toEqual([]);
      r.unsubscribe();
    });

    it("stops delivering to a subscription once it is ended", async () => {
      const user = randomUUID();
      const ended = recorder(bus, user);
      const kept = recorder(bus, user);
      ended.unsubscribe();
      const event = changed(user);
      bus.publish([event]);
      await kept.waitFor(event.data.monitorId);
      expect(ended.events()).toEqual([]);
      kept.unsubscribe();
    });

    it("keeps delivering to the others when a subscriber throws", async () => {
      const user = randomUUID();
      const unsubscribe = bus.subscribe(user, () => {
        throw new Error("a broken stream");
      });
      const kept = recorder(bus, user);
      const event = changed(user);
      expect(() => bus.publish([event])).not.toThrow();
      await kept.waitFor(event.data.monitorId);
      unsubscribe();
      kept.unsubscribe();
    });

    it("ignores an empty publish, and publishing after close neither throws nor delivers", async () => {
      const closing = await make();
      await closing.ready();
      const user = randomUUID();
      const r = recorder(closing, user);
      expect(() => closing.publish([])).not.toThrow();
      await closing.close();
      expect(() => closing.publish([changed(user)])).not.toThrow();
      // Whatever was in flight is dropped with the subscriptions: the bus is silent from here on.
      expect(r.events()).toEqual([]);
    });
  });
}
