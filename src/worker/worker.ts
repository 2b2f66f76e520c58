import type { Logger } from "pino";
import { runPeriodically } from "../lib/periodic.js";
import { type Metrics, recordCheck } from "../metrics/metrics.js";
import {
  type CheckJob,
  type CheckOutcome,
  type CheckResultMessage,
  checkJobSchema,
  decodeMessage,
  encodeMessage,
} from "../queue/messages.js";
import type { StreamKeys } from "../queue/stream-keys.js";
import type { StreamEntry, StreamQueue } from "../queue/stream-queue.js";
import { handOver } from "./hand-over.js";

export type WorkerDeps = {
  queue: StreamQueue;
  keys: StreamKeys;
  region: string;
  workerId: string;
  concurrency: number;
  /** Entries idle this long are reclaimed from dead peers; this worker touches its own well before that. */
  claimIdleMs: number;
  runCheck: (job: CheckJob) => Promise<CheckOutcome>;
  logger: Logger;
  blockMs?: number;
  now?: () => number;
  /** Counts results and times checks when given. */
  metrics?: Metrics;
};

/** Results stream length cap: the ingester keeps up in normal operation; this bounds memory if it cannot. */
const resultsMaxLength = 1_000_000;
const heartbeatEveryMs = 5_000;
/** Consumers of the group idle this long with nothing pending are dead workers: removed from the group. */
const deadConsumerMs = 10 * 60_000;

/**
 * A region's worker: reads jobs of its region's stream as a member of the region's consumer group, runs up to
 * `concurrency` checks at once, and hands each result over atomically (add to results + ack the job in one MULTI).
 */
export function createWorker(deps: WorkerDeps) {
  const { queue, keys, region, workerId, logger } = deps;
  const now = deps.now ?? Date.now;
  const blockMs = deps.blockMs ?? 2_000;
  const stream = keys.checks(region);
  const inFlight = new Set<string>();
  const stats = { done: 0, missed: 0, startedAt: now() };
  let running = false;
  let generation = 0;
  let lastProgressAt = now();
  const waiters = new Set<() => void>();
  /** Resolves when a check finishes (or the worker stops): the read loop's backpressure and stop()'s drain. */
  const checkFinished = () => new Promise<void>((resolve) => waiters.add(resolve));
  const notify = () => {
    for (const wake of waiters) wake();
    waiters.clear();
  };

  async function check(entry: StreamEntry): Promise<void> {
    const job = decodeMessage(entry.fields, checkJobSchema);
    if (!job) {
      logger.warn({ id: entry.id }, "dropping an undecodable job");
      await queue.ack(stream, region, [entry.id]);
      return;
    }
    // A late job is worthless: report it missed (the platform's failure) instead of checking at the wrong time.
    const startedMs = performance.now();
    const outcome: CheckOutcome =
      now() > job.deadlineAt
        ? {
            status: "missed",
            statusCode: null,
            responseTimeMs: null,
            error: "Deadline passed before a worker ran the check",
            timings: null,
            finalUrl: null,
            remoteAddress: null,
            certificate: null,
            failedAssertion: null,
          }
        : await deps.runCheck(job);
    if (outcome.status === "missed") stats.missed++;
    if (deps.metrics) recordCheck(deps.metrics, region, outcome.status, performance.now() - startedMs);
    const result: CheckResultMessage = {
      monitorId: job.monitorId,
      region,
      scheduledAt: job.scheduledAt,
      checkedAt: now(),
      ...outcome,
      workerId,
    };
    await handOver(
      () =>
        queue.ackAndAdd(
          { stream, group: region, id: entry.id },
          { stream: keys.results, fields: encodeMessage(result), maxLength: resultsMaxLength },
        ),
      logger,
    );
  }

  function start(entry: StreamEntry): void {
    if (inFlight.has(entry.id)) return;
    inFlight.add(entry.id);
    check(entry)
      .catch((err: unknown) =>
        logger.error({ err, id: entry.id }, "check failed; its job stays pending for a retry"),
      )
      .finally(() => {
        inFlight.delete(entry.id);
        stats.done++;
        notify();
      });
  }

  const free = () => deps.concurrency - inFlight.size;

  async function readLoop(myGeneration: number): Promise<void> {
    while (running && myGeneration === generation) {
      lastProgressAt = now();
      if (free() <= 0) {
        await checkFinished();
        continue;
      }
      try {
        const entries = await queue.read(stream, region, workerId, { count: Math.min(free(), 500), blockMs });
        for (const entry of entries) start(entry);
      } catch (err) {
        logger.warn({ err }, "reading jobs failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_000));
      }
    }
  }

  function startReadLoop(): void {
    generation++;
    const mine = generation;
    readLoop(mine).catch((err: unknown) => logger.error({ err }, "read loop crashed"));
  }

  /** Keeps own entries fresh, takes over dead peers' stale ones, restarts a stuck read loop. */
  async function maintain(): Promise<void> {
    if (inFlight.size > 0) await queue.touch(stream, region, workerId, [...inFlight]);
    if (!running) return;
    if (free() > 0) {
      for (const entry of await queue.claimStale(stream, region, workerId, deps.claimIdleMs, free()))
        start(entry);
    }
    if (now() - lastProgressAt > blockMs * 3 + 10_000 && free() > 0) {
      logger.warn("read loop stalled; restarting it");
      startReadLoop();
    }
  }

  async function heartbeat(): Promise<void> {
    await queue.setHeartbeat(
      `worker:${workerId}`,
      {
        kind: "worker",
        region,
        workerId,
        inFlight: inFlight.size,
        done: stats.done,
        missed: stats.missed,
        at: now(),
      },
      heartbeatEveryMs * 3,
    );
    await queue.removeIdleConsumers(stream, region, deadConsumerMs);
  }

  return {
    get inFlight() {
      return inFlight.size;
    },
    stats,
    async start() {
      await queue.ensureGroup(stream, region);
      // The ingesters' group must exist before the first result is added, or a group created later (at "$")
      // would never see it.
      await queue.ensureGroup(keys.results, keys.resultsGroup);
      running = true;
      startReadLoop();
      const maintenance = runPeriodically(
        "worker-maintenance",
        Math.max(200, deps.claimIdleMs / 3),
        maintain,
        logger,
      );
      const beats = runPeriodically("worker-heartbeat", heartbeatEveryMs, heartbeat, logger);
      return {
        /** Stops reading, lets in-flight checks finish and hand over (still touched meanwhile), then stops. */
        async stop() {
          running = false;
          notify();
          while (inFlight.size > 0) await checkFinished();
          await maintenance.stop();
          await beats.stop();
        },
      };
    },
  };
}
