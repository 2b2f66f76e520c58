import { cpus } from "node:os";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../../src/db/client.js";
import type { StreamKeys } from "../../src/queue/stream-keys.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";
import { formatNumber, percentile } from "./report.js";
import type { Cleanup } from "./scratch.js";
import type { Target, TargetStats } from "./target.js";

/** What both pipeline modes run on: a scratch database, the Redis queue under a scratch prefix, the target. */
export type PipelineContext = {
  handle: DatabaseHandle;
  queue: StreamQueue;
  keys: StreamKeys;
  logger: Logger;
  target: Target;
  region: string;
  /** Components register their stop here, so an interrupted run stops them before the queue and pool close. */
  cleanup: Cleanup;
};

/** Label/value rows for the printed table. */
export type ReportRows = [string, string][];

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `done` or the deadline; returns whether it finished. The only way these benchmarks wait. */
export async function pollUntil(done: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

export function describeSamples(samples: number[], unit = "ms"): string {
  if (samples.length === 0) return "no samples";
  const p = (q: number) => formatNumber(percentile(samples, q));
  return `p50 ${p(50)} / p90 ${p(90)} / p99 ${p(99)} / max ${p(100)} ${unit} (n=${formatNumber(samples.length)})`;
}

export function describeTarget(stats: TargetStats, seconds: number): ReportRows {
  // The first and last buckets may be partial seconds: left out of the min/max.
  const full = stats.perSecond.slice(1, -1);
  const spread =
    full.length > 0
      ? `min ${Math.min(...full)} / median ${percentile(full, 50)} / max ${Math.max(...full)}`
      : "";
  return [
    [
      "target: requests/s (arrivals)",
      `${formatNumber(stats.count / seconds)} ${spread ? `(per second: ${spread})` : ""}`,
    ],
    [
      "target process: CPU, RSS",
      `${formatNumber(stats.cpuMs)} ms total, ${formatNumber(stats.rssBytes / 1024 ** 2)} MB`,
    ],
  ];
}

export function describeOutcomes(statuses: Record<string, number>, errors: Map<string, number>): ReportRows {
  const top = [...errors.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return [
    [
      "outcomes",
      Object.entries(statuses)
        .map(([status, n]) => `${status} ${formatNumber(n)}`)
        .join(", ") || "none",
    ],
    ...(top.length > 0
      ? [
          ["top errors", top.map(([error, n]) => `${error} (${formatNumber(n)})`).join("; ")] as [
            string,
            string,
          ],
        ]
      : []),
  ];
}

/** Every process on the machine (PostgreSQL, Redis, the target, anything else running) during the window. */
export function describeMachineBusy(machineBusy: number): ReportRows {
  return [
    ["machine CPU busy (all processes)", `${formatNumber(machineBusy * 100)} % of ${cpus().length} cores`],
  ];
}
