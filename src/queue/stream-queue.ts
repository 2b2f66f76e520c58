/**
 * The queue every role talks to: named append-only streams read by consumer groups, with a pending-entries list
 * per group (at-least-once delivery). Two implementations share this contract and one test suite
 * (queue-contract.ts): Redis Streams for split deployments, an in-process queue for the embedded default.
 *
 * Semantics both implementations keep:
 * - ensureGroup is idempotent; a new group starts at the end of the stream ("$"): it sees only entries added later.
 * - read hands each entry to one consumer of a group; the entry stays pending for that consumer until acked.
 * - claimStale moves entries pending longer than minIdleMs (since delivery or last touch) to the caller.
 * - touch resets the idle time of entries the caller still works on, so nobody claims them.
 * - ackAndAdd acks one entry and appends a message to another stream atomically: both happen or neither.
 * - add trims the stream to about maxLength entries (oldest first) when maxLength is given.
 */
export type StreamEntry = {
  /** Stream entry id ("<ms>-<seq>"): unique within its stream, increasing in append order. */
  id: string;
  /** The message as it was added: a flat map of string fields. */
  fields: Record<string, string>;
  /** How many times this entry has been delivered (1 on first read, more after a reclaim). */
  deliveries: number;
};

export type ReadOptions = { count: number; blockMs: number };

export type GroupInfo = {
  /** Entries in the stream (acked or not, until trimmed). */
  length: number;
  /** Entries delivered to a consumer and not acked yet. */
  pending: number;
  /** Entries added after the group's last delivered entry: work waiting to be read. */
  lag: number;
  consumers: { name: string; pending: number; idleMs: number }[];
};

export type Heartbeat = Record<string, string | number>;

export interface StreamQueue {
  readonly kind: "redis" | "in-process";
  ensureGroup(stream: string, group: string): Promise<void>;
  add(stream: string, messages: Record<string, string>[], maxLength?: number): Promise<string[]>;
  /** Blocks up to blockMs for new entries; returns [] on timeout. Recreates a lost group and retries once. */
  read(stream: string, group: string, consumer: string, options: ReadOptions): Promise<StreamEntry[]>;
  ack(stream: string, group: string, ids: string[]): Promise<void>;
  claimStale(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    count: number,
  ): Promise<StreamEntry[]>;
  touch(stream: string, group: string, consumer: string, ids: string[]): Promise<void>;
  ackAndAdd(
    from: { stream: string; group: string; id: string },
    to: { stream: string; fields: Record<string, string>; maxLength?: number },
  ): Promise<void>;
  groupInfo(stream: string, group: string): Promise<GroupInfo>;
  /** Removes consumers idle longer than maxIdleMs that hold no pending entries; returns their names. */
  removeIdleConsumers(stream: string, group: string, maxIdleMs: number): Promise<string[]>;
  /** A liveness record that expires by itself after ttlMs unless set again. */
  setHeartbeat(id: string, data: Heartbeat, ttlMs: number): Promise<void>;
  listHeartbeats(): Promise<{ id: string; data: Record<string, string> }[]>;
  /** True when the backing service answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
