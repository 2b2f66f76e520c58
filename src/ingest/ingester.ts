import type { Logger } from "pino";
import type { Database } from "../db/client.js";
import type { MachineOutcome } from "../incidents/incident-machine.js";
import { batchEvents } from "../live/batch-events.js";
import type { LivePublisher } from "../live/event-bus.js";
import type { Metrics } from "../metrics/metrics.js";
import { type CheckResultMessage, checkResultSchema, decodeMessage } from "../queue/messages.js";
import type { StreamKeys } from "../queue/stream-keys.js";
import type { StreamEntry, StreamQueue } from "../queue/stream-queue.js";
import { type NewResult, storeResultBatch } from "../results/result-repository.js";

export type IngesterDeps = {
  db: Database;
  queue: StreamQueue;
  keys: StreamKeys;
  logger: Logger;
  consumer: string;
  claimIdleMs: number;
  batchSize?: number;
  blockMs?: number;
  /** Observes each stored batch's size and time when given. */
  metrics?: Metrics;
  /** Told what each committed batch changed (live updates), when given. */
  live?: LivePublisher;
};

export const toNewResult = (m: CheckResultMessage): NewResult => ({
  monitorId: m.monitorId,
  region: m.region,
  scheduledAt: new Date(m.scheduledAt),
  checkedAt: new Date(m.checkedAt),
  status: m.status,
  statusCode: m.statusCode,
  responseTimeMs: m.responseTimeMs === null ? null : Math.round(m.responseTimeMs),
  error: m.error,
  timings: m.timings,
  finalUrl: m.finalUrl,
  remoteAddress: m.remoteAddress,
  certificate: m.certificate,
  failedAssertion: m.failedAssertion,
});

/**
 * Reads the results stream in batches and stores each batch with one statement, acking only after it committed:
 * while PostgreSQL is down nothing is acked and results wait in the stream. Entries another ingester left pending
 * are claimed first. Undecodable entries are logged and acked away, since retrying cannot fix them.
 */
export function createIngester(deps: IngesterDeps) {
  const { db, queue, keys, logger } = deps;
  // Larger batches amortize the per-statement cost: one ingester stores ~32k rows/s at 5,000, ~23k at 1,000.
  const batchSize = deps.batchSize ?? 5_000;
  const stream = keys.results;
  const group = keys.resultsGroup;
  let stopping = false;
  let backoffMs = 0;
  /** A batch whose write failed: retried first, so a short database outage delays results rather than reorders them. */
  let unstored: StreamEntry[] = [];

  /** After the commit, and never able to fail the batch: live updates are best effort. */
  function announce(results: NewResult[], outcome: MachineOutcome): void {
    if (!deps.live) return;
    try {
      deps.live.publish(batchEvents(results, outcome));
    } catch (err) {
      logger.error({ err }, "publishing live events failed");
    }
  }

  async function store(entries: StreamEntry[]): Promise<void> {
    const results: NewResult[] = [];
    for (const entry of entries) {
      const message = decodeMessage(entry.fields, checkResultSchema);
      if (message) results.push(toNewResult(message));
      else logger.warn({ id: entry.id }, "dropping an undecodable result");
    }
    const { inserted, outcome } = await storeResultBatch(db, results);
    announce(results, outcome);
    await queue.ack(
      stream,
      group,
      entries.map((e) => e.id),
    );
    logger.debug({ batch: entries.length, inserted }, "ingested results");
  }

  /** One pass: stale entries of dead ingesters first, then new ones. Returns how many entries it handled. */
  async function ingestOnce(): Promise<number> {
    let entries = unstored;
    if (entries.length === 0)
      entries = await queue.claimStale(stream, group, deps.consumer, deps.claimIdleMs, batchSize);
    if (entries.length === 0) {
      entries = await queue.read(stream, group, deps.consumer, {
        count: batchSize,
        blockMs: deps.blockMs ?? 1_000,
      });
    }
    if (entries.length === 0) return 0;
    unstored = entries;
    const startedMs = performance.now();
    await store(entries);
    deps.metrics?.ingestBatchSeconds.observe((performance.now() - startedMs) / 1000);
    deps.metrics?.ingestBatchSize.observe(entries.length);
    unstored = [];
    return entries.length;
  }

  async function run(): Promise<void> {
    await queue.ensureGroup(stream, group);
    while (!stopping) {
      try {
        await ingestOnce();
        backoffMs = 0;
      } catch (err) {
        // Database or Redis unavailable: the batch stays pending and is claimed again once idle long enough.
        backoffMs = Math.min(backoffMs ? backoffMs * 2 : 200, 5_000);
        logger.warn({ err, retryInMs: backoffMs }, "ingest failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, backoffMs * (0.5 + Math.random() / 2)));
      }
    }
  }

  return {
    ingestOnce,
    start() {
      const done = run();
      return {
        async stop() {
          stopping = true;
          await done;
        },
      };
    },
  };
}
