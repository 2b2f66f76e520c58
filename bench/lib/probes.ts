import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { runHttpCheck } from "../../src/checks/http-check.js";
import type { Database } from "../../src/db/client.js";
import type { CheckJob, CheckOutcome } from "../../src/queue/messages.js";
import type { StreamQueue } from "../../src/queue/stream-queue.js";

export type Resources = {
  cpuMs: number;
  /** Share of wall time the main thread's event loop was busy (0..1). */
  eventLoopUtilization: number;
  peakRssBytes: number;
  endRssBytes: number;
  /** Busy share of all cores of the machine, every process included (Linux /proc/stat); NaN elsewhere. */
  machineBusy: number;
};

/** Busy and total jiffies over all cores since boot, from the aggregate "cpu" line of /proc/stat. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the not-busy part.
    const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    // Not Linux: the machine-wide figure is reported as n/a.
    return undefined;
  }
}

/** CPU (user + system) of this process, its event-loop utilization and RSS (sampled every second) from now on. */
export function sampleResources(): { stop(): Resources } {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const machine = machineJiffies();
  let peakRssBytes = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  }, 1_000);
  return {
    stop() {
      clearInterval(timer);
      const used = process.cpuUsage(cpu);
      const endRssBytes = process.memoryUsage().rss;
      const machineEnd = machineJiffies();
      const machineBusy =
        machine && machineEnd && machineEnd.total > machine.total
          ? (machineEnd.busy - machine.busy) / (machineEnd.total - machine.total)
          : Number.NaN;
      return {
        machineBusy,
        cpuMs: (used.user + used.system) / 1000,
        eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
        peakRssBytes: Math.max(peakRssBytes, endRssBytes),
        endRssBytes,
      };
    },
  };
}

export type CheckProbeResults = {
  completed: number;
  statuses: Record<string, number>;
  errors: Map<string, number>;
  /** Check start minus scheduledAt, ms. */
  lateness: number[];
  /** Stream entry id time (XADD) minus scheduledAt: the scheduler's share of the lateness. */
  publishDelay: number[];
  /** Worker read minus XADD: time waiting in the region stream. */
  queueWait: number[];
  /** Check start minus read: time inside the worker before runCheck. */
  workerWait: number[];
};

const jobKey = (monitorId: unknown, scheduledAt: unknown) => `${String(monitorId)}@${String(scheduledAt)}`;

function jobKeyOf(fields: Record<string, string>): string | undefined {
  try {
    const parsed: unknown = JSON.parse(fields.m ?? "");
    if (typeof parsed !== "object" || parsed === null) return undefined;
    return "monitorId" in parsed && "scheduledAt" in parsed
      ? jobKey(parsed.monitorId, parsed.scheduledAt)
      : undefined;
  } catch {
    // Not a job: the worker drops it itself; nothing to trace.
    return undefined;
  }
}

/**
 * Wraps the worker's two seams, runCheck and the queue, to time each job in the measurement window: when it was
 * added to the stream (the entry id's milliseconds), read by the worker, and started, against its scheduledAt.
 * Checks still run through runHttpCheck, a fresh connection each.
 */
export function createCheckProbe() {
  let open = false;
  const reads = new Map<string, { addedAt: number; readAt: number }>();
  const results: CheckProbeResults = {
    completed: 0,
    statuses: {},
    errors: new Map(),
    lateness: [],
    publishDelay: [],
    queueWait: [],
    workerWait: [],
  };

  return {
    wrapQueue(queue: StreamQueue): StreamQueue {
      return {
        ...queue,
        async read(stream, group, consumer, options) {
          const entries = await queue.read(stream, group, consumer, options);
          const readAt = Date.now();
          if (open) {
            for (const entry of entries) {
              const key = jobKeyOf(entry.fields);
              if (key) reads.set(key, { addedAt: Number(entry.id.split("-")[0]), readAt });
            }
          }
          return entries;
        },
      };
    },
    async runCheck(job: CheckJob): Promise<CheckOutcome> {
      const startAt = Date.now();
      if (open) {
        results.lateness.push(startAt - job.scheduledAt);
        const key = jobKey(job.monitorId, job.scheduledAt);
        const read = reads.get(key);
        if (read) {
          reads.delete(key);
          results.publishDelay.push(read.addedAt - job.scheduledAt);
          results.queueWait.push(read.readAt - read.addedAt);
          results.workerWait.push(startAt - read.readAt);
        }
      }
      // The target is on 127.0.0.1: the SSRF guard is lifted explicitly, as ALLOW_PRIVATE_TARGETS=true does.
      const outcome = await runHttpCheck(job, { targets: { allowPrivateTargets: true } });
      if (open) {
        results.completed++;
        results.statuses[outcome.status] = (results.statuses[outcome.status] ?? 0) + 1;
        if (outcome.error) results.errors.set(outcome.error, (results.errors.get(outcome.error) ?? 0) + 1);
      }
      return outcome;
    },
    openWindow() {
      open = true;
    },
    closeWindow(): CheckProbeResults {
      open = false;
      reads.clear();
      return results;
    },
  };
}

/**
 * Time from a check's end (its checked_at) until its row is visible in PostgreSQL: new rows are read by id every
 * intervalMs and stamped with the time the poll started, so each figure is an upper bound within one interval.
 */
export function pollStoredLatency(
  db: Database,
  window: { fromMs: number; toMs: () => number },
  intervalMs = 50,
) {
  const latencies: number[] = [];
  let lastId = 0;
  let stopped = false;
  const poll = async () => {
    const observedAt = Date.now();
    const { rows } = await db.execute<{ id: number; checkedMs: number }>(sql`
      select id::float8 as id, (extract(epoch from checked_at) * 1000)::float8 as "checkedMs"
      from check_results where id > ${lastId} order by id limit 20000`);
    for (const row of rows) {
      lastId = Math.max(lastId, row.id);
      if (row.checkedMs >= window.fromMs && row.checkedMs < window.toMs())
        latencies.push(observedAt - row.checkedMs);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    await poll();
  })();
  return {
    async stop(): Promise<number[]> {
      stopped = true;
      await loop;
      return latencies;
    },
  };
}
