import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { ResultStatus } from "../queue/messages.js";

/**
 * Vigil's own metrics, one registry per process: the roles create it when METRICS_TOKEN is set and hand the
 * handles to the parts they start; a part given none records nothing. Labels are bounded sets (regions, result
 * statuses, channel types, route patterns), never ids or raw URLs.
 */
export function createMetrics({ processMetrics = true }: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: "vigil_" });
  return {
    registry,
    checks: new Counter<"region" | "status">({
      name: "vigil_checks_total",
      help: "Check results produced by this process's workers, by region and status (missed included).",
      labelNames: ["region", "status"],
      registers,
    }),
    checkDuration: new Histogram<"region">({
      name: "vigil_check_duration_seconds",
      help: "Wall time of the checks this process's workers ran (missed jobs are not run), by region.",
      labelNames: ["region"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    ingestBatchSize: new Histogram({
      name: "vigil_ingest_batch_size",
      help: "Entries per results batch the ingester stored.",
      buckets: [1, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000],
      registers,
    }),
    ingestBatchSeconds: new Histogram({
      name: "vigil_ingest_batch_seconds",
      help: "Time to store one results batch and ack it (insert, incident state machine, XACK).",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    notifications: new Counter<"type" | "outcome">({
      name: "vigil_notifications_total",
      help: "Notification delivery attempts recorded by the dispatcher, by channel type and outcome (sent, failed, dead).",
      labelNames: ["type", "outcome"],
      registers,
    }),
    httpDuration: new Histogram<"method" | "route" | "status_code">({
      name: "vigil_http_request_duration_seconds",
      help: 'HTTP API request durations by method, route pattern ("unmatched" for unknown routes) and status code.',
      labelNames: ["method", "route", "status_code"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Records one check result and, unless it is missed (a late job is not run), how long its check took. */
export function recordCheck(
  metrics: Metrics,
  region: string,
  status: ResultStatus,
  durationMs: number,
): void {
  metrics.checks.inc({ region, status });
  if (status !== "missed") metrics.checkDuration.observe({ region }, durationMs / 1000);
}
