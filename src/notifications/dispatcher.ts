import type { Logger } from "pino";
import type { TargetPolicy } from "../checks/target-guard.js";
import type { Database } from "../db/client.js";
import { runPeriodically } from "../lib/periodic.js";
import type { SmtpConfig } from "../lib/smtp-transport.js";
import type { Metrics } from "../metrics/metrics.js";
import { channelTarget } from "./channel-config.js";
import { type ChannelRow, findChannels } from "./channel-repository.js";
import { createChannelSender } from "./channel-sender.js";
import {
  type ClaimedNotification,
  claimDueNotifications,
  type IncidentNote,
  markNotificationFailed,
  markNotificationSent,
} from "./outbox-repository.js";
import { nextAttemptAt } from "./retry-policy.js";
import { createSecretBox } from "./secret-box.js";

export type DispatcherDeps = {
  db: Database;
  logger: Logger;
  /** ENCRYPTION_KEY, to open channel secrets. */
  key: string;
  smtp: SmtpConfig | undefined;
  targets: TargetPolicy;
  /** The clock for due times, backoff and the 24 h horizon; tests move it instead of waiting. */
  now?: () => number;
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  perChannelPerMinute?: number;
  /** Per request; a send that takes longer fails and is retried. */
  timeoutMs?: number;
  /** Counts delivery outcomes by channel type when given. */
  metrics?: Metrics;
};

const channelLabel = (channel: ChannelRow) => `${channel.name} (${channel.type})`;

/** The timeline gets a delivery's first failure and its final one, not every retry of a day-long outage. */
function failureNote(
  row: ClaimedNotification,
  channel: ChannelRow,
  error: string,
  dead: boolean,
): IncidentNote | undefined {
  const details = { notificationId: row.id, channelId: channel.id, attempts: row.attempts, error };
  const tries = `${row.attempts} attempt${row.attempts === 1 ? "" : "s"}`;
  if (dead) {
    return {
      kind: "notification_failed",
      message: `Gave up sending to ${channelLabel(channel)} after ${tries}: ${error}`,
      details,
    };
  }
  if (row.attempts === 1) {
    return {
      kind: "notification_failed",
      message: `Could not send to ${channelLabel(channel)}, retrying: ${error}`,
      details,
    };
  }
  return undefined;
}

/**
 * Delivers the outbox: claims due rows (see claimDueNotifications for the lease and rate limit), sends each through
 * its channel outside any transaction, then marks it sent, or pending with a backoff, or dead past the horizon.
 * Delivery is at least once: a process killed between the send and the mark sends again after the lease, with the
 * same idempotency key. Several dispatchers (one per ingester) share the work.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { db, logger } = deps;
  const now = deps.now ?? Date.now;
  const batchSize = deps.batchSize ?? 50;
  const box = createSecretBox(deps.key);
  const sender = createChannelSender({ targets: deps.targets, smtp: deps.smtp, timeoutMs: deps.timeoutMs });

  async function fail(row: ClaimedNotification, channel: ChannelRow, error: string): Promise<void> {
    const at = new Date(now());
    const next = channel.enabled ? nextAttemptAt(at.getTime(), row.attempts, row.createdAt.getTime()) : null;
    const dead = next === null;
    const note = failureNote(row, channel, error, dead);
    const retryAt = new Date(next ?? at.getTime());
    await markNotificationFailed(db, row, { at, error, state: dead ? "dead" : "pending", retryAt }, note);
    deps.metrics?.notifications.inc({ type: channel.type, outcome: dead ? "dead" : "failed" });
    const log = { notificationId: row.id, channelId: channel.id, attempts: row.attempts, error };
    if (dead) logger.error(log, "notification dead: giving up");
    else logger.warn({ ...log, retryAt }, "notification delivery failed; will retry");
  }

  async function deliver(row: ClaimedNotification, channel: ChannelRow | undefined): Promise<void> {
    // A deleted channel took its rows with it; this one was claimed just before.
    if (!channel) return;
    if (!channel.enabled) return fail(row, channel, "The channel is disabled");
    try {
      const target = channelTarget(channel, box);
      await sender.send(target, { id: row.id, idempotencyKey: row.idempotencyKey, message: row.message });
    } catch (err) {
      return fail(row, channel, err instanceof Error ? err.message : String(err));
    }
    await markNotificationSent(db, row, new Date(now()), {
      kind: "notification_sent",
      message: `Sent to ${channelLabel(channel)}`,
      details: { notificationId: row.id, channelId: channel.id, attempts: row.attempts },
    });
    deps.metrics?.notifications.inc({ type: channel.type, outcome: "sent" });
    logger.debug({ notificationId: row.id, channelId: channel.id }, "notification sent");
  }

  /** One batch: claim, send concurrently, record each outcome. Returns how many rows it claimed. */
  async function dispatchOnce(): Promise<number> {
    const claimed = await claimDueNotifications(db, {
      now: new Date(now()),
      leaseMs: deps.leaseMs ?? 60_000,
      batchSize,
      perChannelPerMinute: deps.perChannelPerMinute ?? 20,
    });
    if (claimed.length === 0) return 0;
    const channels = new Map(
      (await findChannels(db, [...new Set(claimed.map((r) => r.channelId))])).map((c) => [c.id, c]),
    );
    const outcomes = await Promise.allSettled(
      claimed.map((row) => deliver(row, channels.get(row.channelId))),
    );
    for (const outcome of outcomes) {
      // Recording failed (database gone): the row keeps its lease and is sent again once the lease runs out.
      if (outcome.status === "rejected") logger.error({ err: outcome.reason }, "recording a delivery failed");
    }
    return claimed.length;
  }

  return {
    dispatchOnce,
    /** Releases the sender's connections; for callers of dispatchOnce that never start(). */
    close: () => sender.close(),
    start() {
      let stopping = false;
      const periodic = runPeriodically(
        "notification dispatcher",
        // A quarter second: the claim is one probe of a partial index, and the poll bounds how long a confirmed
        // outage waits for its notification (bench:detect).
        deps.pollMs ?? 250,
        async () => {
          // Full batches mean more is due: keep going rather than wait a poll per batch.
          let claimed = batchSize;
          while (!stopping && claimed === batchSize) claimed = await dispatchOnce();
        },
        logger,
      );
      return {
        async stop() {
          stopping = true;
          await periodic.stop();
          await sender.close();
        },
      };
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
