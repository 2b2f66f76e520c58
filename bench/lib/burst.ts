import { newId } from "../../src/lib/ids.js";
import { encodeMessage } from "../../src/queue/messages.js";
import { createWorker } from "../../src/worker/worker.js";
import {
  describeMachineBusy,
  describeOutcomes,
  describeTarget,
  type PipelineContext,
  pollUntil,
  type ReportRows,
} from "./pipeline-context.js";
import { createCheckProbe, sampleResources } from "./probes.js";
import { formatMb, formatNumber } from "./report.js";
import { chunks } from "./result-messages.js";

export type BurstOptions = { jobs: number; concurrency: number };

/**
 * How fast one worker drains a backlog: `jobs` due-now jobs (deadline an hour ahead) are put in the region stream
 * first, then a single worker starts and is timed until it has handed over every result. Each check is a fresh
 * connection (runHttpCheck). No scheduler or ingester runs, so the process's CPU is the worker's.
 */
export async function runBurst(ctx: PipelineContext, options: BurstOptions): Promise<ReportRows> {
  const { queue, keys, logger, target, region } = ctx;
  const stream = keys.checks(region);
  await queue.ensureGroup(stream, region);
  const now = Date.now();
  const monitorIds = Array.from({ length: 1_000 }, () => newId());
  const jobs = Array.from({ length: options.jobs }, (_, i) => ({
    monitorId: monitorIds[i % monitorIds.length] ?? "",
    region,
    url: `${target.url}/m/${i}`,
    method: "GET" as const,
    headers: {},
    body: null,
    timeoutMs: 5_000,
    expectedStatus: "200-299",
    scheduledAt: now + Math.floor(i / monitorIds.length),
    deadlineAt: now + 3_600_000,
  }));
  console.log(`publishing ${formatNumber(options.jobs)} jobs...`);
  for (const batch of chunks(jobs, 1_000)) await queue.add(stream, batch.map(encodeMessage));

  const probe = createCheckProbe();
  const worker = createWorker({
    queue,
    keys,
    region,
    workerId: "bench-worker",
    concurrency: options.concurrency,
    claimIdleMs: 60_000,
    runCheck: probe.runCheck,
    logger,
  });
  console.log(`draining with one worker, concurrency ${options.concurrency}...`);
  probe.openWindow();
  const resources = sampleResources();
  const fromMs = Date.now();
  const running = await worker.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.stop();
  };
  // Stopped before the queue closes: a worker reading from a closed queue would spin.
  ctx.cleanup.add("stop worker", stop);
  const marks = new Map<number, number>();
  let lastReport = fromMs;
  const finished = await pollUntil(
    () => {
      const done = worker.stats.done;
      for (const share of [0.1, 0.9])
        if (!marks.has(share) && done >= options.jobs * share) marks.set(share, Date.now());
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        console.log(`  ${formatNumber((lastReport - fromMs) / 1000)} s: ${formatNumber(done)} done`);
      }
      return done >= options.jobs;
    },
    60_000 + options.jobs * 5,
    20,
  );
  const toMs = Date.now();
  const used = resources.stop();
  const checks = probe.closeWindow();
  await stop();
  const seconds = (toMs - fromMs) / 1000;
  const done = worker.stats.done;
  const from10 = marks.get(0.1);
  const to90 = marks.get(0.9);
  const steady =
    from10 && to90 && to90 > from10 ? (options.jobs * 0.8) / ((to90 - from10) / 1000) : Number.NaN;
  const targetStats = await target.stats(fromMs, toMs);

  return [
    [
      "jobs drained",
      `${formatNumber(done)} of ${formatNumber(options.jobs)} in ${formatNumber(seconds, 1)} s${finished ? "" : " (TIME LIMIT)"}`,
    ],
    ["checks/s (start to last hand-over)", formatNumber(done / seconds)],
    ["checks/s (10% → 90% of the backlog)", formatNumber(steady)],
    ...describeTarget(targetStats, seconds),
    ...describeOutcomes(checks.statuses, checks.errors),
    ["CPU per 1,000 checks (worker process)", `${formatNumber((used.cpuMs / done) * 1000)} ms`],
    ["CPU use (worker process)", `${formatNumber(used.cpuMs / 10 / seconds)} % of one core`],
    ["event-loop utilization (main thread)", `${formatNumber(used.eventLoopUtilization * 100)} %`],
    ...describeMachineBusy(used.machineBusy),
    ["RSS (worker process)", `peak ${formatMb(used.peakRssBytes)}, end ${formatMb(used.endRssBytes)}`],
  ];
}
