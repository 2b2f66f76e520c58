import { createIngester } from "../../src/ingest/ingester.js";
import { soleLeader } from "../../src/scheduler/leader-election.js";
import { createScheduler } from "../../src/scheduler/scheduler.js";
import { nextSlotAfter, phaseMs } from "../../src/scheduler/slots.js";
import { createWorker } from "../../src/worker/worker.js";
import {
  describeMachineBusy,
  describeOutcomes,
  describeSamples,
  describeTarget,
  type PipelineContext,
  pollUntil,
  type ReportRows,
  sleep,
} from "./pipeline-context.js";
import { createCheckProbe, pollStoredLatency, sampleResources } from "./probes.js";
import { formatMb, formatNumber } from "./report.js";
import { seedMonitors } from "./seed.js";

export type SustainedOptions = {
  monitors: number;
  intervalSeconds: number;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  /** Scheduler tick; the split deployment's default is 500 ms. */
  tickMs: number;
};

/** The config default (QUEUE_CLAIM_IDLE_MS). */
const claimIdleMs = 15_000;

/**
 * The split deployment's components in one process on PostgreSQL + Redis Streams: scheduler (sole leader), one
 * worker, the ingester. Monitors start on their own grid slots (as after a long run), so after the warm-up the
 * load is the steady monitors/interval rate, measured over `seconds`.
 */
export async function runSustained(ctx: PipelineContext, options: SustainedOptions): Promise<ReportRows> {
  const { handle, queue, keys, logger, target, region } = ctx;
  const intervalMs = options.intervalSeconds * 1000;
  const seededAt = Date.now();
  await seedMonitors(handle.db, {
    count: options.monitors,
    intervalSeconds: options.intervalSeconds,
    regions: [region],
    url: (i) => `${target.url}/m/${i}`,
    nextCheckAt: (id) => new Date(nextSlotAfter(seededAt, phaseMs(id, intervalMs), intervalMs)),
  });

  const probe = createCheckProbe();
  const worker = createWorker({
    queue: probe.wrapQueue(queue),
    keys,
    region,
    workerId: "bench-worker",
    concurrency: options.concurrency,
    claimIdleMs,
    runCheck: probe.runCheck,
    logger,
  });
  const workerRun = await worker.start();
  const ingester = createIngester({
    db: handle.db,
    queue,
    keys,
    logger,
    consumer: "bench-ingester",
    claimIdleMs,
  });
  const ingesterRun = ingester.start();
  const scheduler = createScheduler({
    db: handle.db,
    queue,
    keys,
    leader: soleLeader,
    logger,
    tickMs: options.tickMs,
  });
  const schedulerRun = scheduler.start();
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await schedulerRun.stop();
    await workerRun.stop();
    await ingesterRun.stop();
  };
  // Stopped before the queue closes: a worker reading from a closed queue would spin.
  ctx.cleanup.add("stop scheduler, worker and ingester", stopAll);

  try {
    console.log(`warming up for ${options.warmupSeconds} s...`);
    await sleep(options.warmupSeconds * 1000);
    const fromMs = Date.now();
    let toMs = Number.POSITIVE_INFINITY;
    probe.openWindow();
    const missedBefore = worker.stats.missed;
    const resources = sampleResources();
    const stored = pollStoredLatency(handle.db, { fromMs, toMs: () => toMs });
    console.log(`measuring for ${options.seconds} s...`);
    for (let elapsed = 0; elapsed < options.seconds; elapsed += 10) {
      await sleep(Math.min(10, options.seconds - elapsed) * 1000);
      console.log(
        `  ${Math.min(elapsed + 10, options.seconds)} s: ${worker.stats.done} checks done in total`,
      );
    }
    toMs = Date.now();
    const used = resources.stop();
    const checks = probe.closeWindow();
    const missed = worker.stats.missed - missedBefore;
    const seconds = (toMs - fromMs) / 1000;

    // Let what the window checked reach the database before the stored-latency poll ends.
    await schedulerRun.stop();
    const drained = await pollUntil(async () => {
      const jobs = await queue.groupInfo(keys.checks(region), region);
      const results = await queue.groupInfo(keys.results, keys.resultsGroup);
      return jobs.lag + jobs.pending + results.lag + results.pending === 0;
    }, 30_000);
    const storedLatency = await stored.stop();
    await stopAll();
    const targetStats = await target.stats(fromMs, toMs);

    return [
      [
        "load",
        `${formatNumber(options.monitors)} monitors every ${options.intervalSeconds} s = ${formatNumber(options.monitors / options.intervalSeconds, 1)} checks/s expected`,
      ],
      ["checks/s sustained (worker, in window)", formatNumber(checks.completed / seconds, 1)],
      ...describeTarget(targetStats, seconds),
      ...describeOutcomes(checks.statuses, checks.errors),
      ["missed (deadline passed)", formatNumber(missed)],
      ["start lateness (check start − scheduledAt)", describeSamples(checks.lateness)],
      ["  of which scheduler (XADD − scheduledAt)", describeSamples(checks.publishDelay)],
      ["  of which in stream (read − XADD)", describeSamples(checks.queueWait)],
      ["  of which in worker (start − read)", describeSamples(checks.workerWait)],
      [
        "check end → row visible (50 ms poll, upper bound)",
        `${describeSamples(storedLatency)}${drained ? "" : " (NOT drained)"}`,
      ],
      ["CPU per 1,000 checks (whole process)", `${formatNumber((used.cpuMs / checks.completed) * 1000)} ms`],
      ["CPU use (whole process)", `${formatNumber(used.cpuMs / 10 / seconds)} % of one core`],
      ["event-loop utilization (main thread)", `${formatNumber(used.eventLoopUtilization * 100)} %`],
      [
        "RSS (whole process: all roles)",
        `peak ${formatMb(used.peakRssBytes)}, end ${formatMb(used.endRssBytes)}`,
      ],
      ...describeMachineBusy(used.machineBusy),
    ];
  } finally {
    await stopAll();
  }
}
