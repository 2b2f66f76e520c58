import type { BaseLogger } from "pino";
import { Gauge } from "prom-client";
import type { StreamKeys } from "../queue/stream-keys.js";
import type { GroupInfo, StreamQueue } from "../queue/stream-queue.js";
import type { Metrics } from "./metrics.js";

type QueueSnapshot = { regions: { region: string; info: GroupInfo }[]; results: GroupInfo };

export type QueueGaugeDeps = {
  queue: StreamQueue;
  keys: StreamKeys;
  /** The regions to report (those in the database), read at every scrape so added and deleted ones follow. */
  regionNames: () => Promise<string[]>;
  logger: Pick<BaseLogger, "warn">;
};

/**
 * Queue backlog gauges, read from `groupInfo` when Prometheus scrapes rather than polled: per region, entries
 * waiting to be read (lag) and delivered but unacked (pending), and the same for the results stream. The process
 * serving the API reports them, so a split deployment has one source. When the queue cannot answer, that scrape
 * has no per-region series and NaN results gauges (logged), rather than failing whole or repeating stale values.
 */
export function trackQueue(metrics: Metrics, deps: QueueGaugeDeps): void {
  const { queue, keys } = deps;
  const registers = [metrics.registry];

  async function load(): Promise<QueueSnapshot | undefined> {
    try {
      const names = await deps.regionNames();
      const [regions, results] = await Promise.all([
        Promise.all(
          names.map(async (region) => ({ region, info: await queue.groupInfo(keys.checks(region), region) })),
        ),
        queue.groupInfo(keys.results, keys.resultsGroup),
      ]);
      return { regions, results };
    } catch (err) {
      deps.logger.warn({ err }, "queue metrics unavailable for this scrape");
      return undefined;
    }
  }

  // A scrape collects the four gauges concurrently: they share one read of the queue.
  let reading: Promise<QueueSnapshot | undefined> | undefined;
  const snapshot = () => {
    reading ??= load().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  const perRegion = (name: string, help: string, pick: (info: GroupInfo) => number) =>
    new Gauge<"region">({
      name,
      help,
      labelNames: ["region"],
      registers,
      async collect() {
        const current = await snapshot();
        this.reset();
        for (const { region, info } of current?.regions ?? []) this.set({ region }, pick(info));
      },
    });
  const results = (name: string, help: string, pick: (info: GroupInfo) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const current = await snapshot();
        // An unlabelled gauge cannot be empty: NaN says "unknown" where 0 would claim an empty backlog.
        this.set(current ? pick(current.results) : Number.NaN);
      },
    });

  perRegion("vigil_queue_lag", "Jobs in a region's stream not yet read by its workers.", (i) => i.lag);
  perRegion("vigil_queue_pending", "Jobs a region's workers read and have not acked yet.", (i) => i.pending);
  results("vigil_results_lag", "Results not yet read by the ingesters.", (i) => i.lag);
  results("vigil_results_pending", "Results the ingesters read and have not acked yet.", (i) => i.pending);
}
