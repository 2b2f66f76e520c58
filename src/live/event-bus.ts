import type { LiveEvent } from "./live-events.js";

/** Receives the events of one publish that belong to the subscribed user, in publish order. */
export type LiveListener = (events: LiveEvent[]) => void;

/**
 * Carries live events from where things change (ingester, API) to the SSE streams of their owner. Two
 * implementations share this contract and one test suite (test/live/event-bus-contract.ts): in-process for the
 * embedded `vigil start` without REDIS_URL, Redis pub/sub when REDIS_URL is set, so an ingester's events reach
 * the streams of every API process.
 *
 * Delivery is best effort and at most once: an event published while Redis is away, or before a stream opened, is
 * lost, and a dashboard refetches what it shows when its stream (re)connects.
 */
export interface EventBus {
  readonly kind: "in-process" | "redis";
  /**
   * Fire and forget: returns at once, never throws and never waits for delivery; failures are logged. Callers
   * publish only after their transaction committed.
   */
  publish(events: LiveEvent[]): void;
  /** Calls listener with every event of userId's from now on, until the returned function is called. */
  subscribe(userId: string, listener: LiveListener): () => void;
  /** Resolves once events published from now on reach subscribers (for Redis: the channel subscription is live). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** What the writers of events need of the bus. */
export type LivePublisher = Pick<EventBus, "publish">;
